namespace Coordination.Persistence.Elasticsearch.Tests.Membership;

public sealed class MembershipOptionsValidationTests
{
    private const string Setting = "Coordination:Membership:Elasticsearch:Index";

    [Theory]
    [InlineData("Coordination-Membership", "which Elasticsearch would refuse")]
    [InlineData("membership table", "which Elasticsearch would refuse")]
    [InlineData("-membership", "which Elasticsearch would refuse")]
    [InlineData("members:prod", "which Elasticsearch would refuse")]
    [InlineData("logs-membership-prod", "built-in data-stream templates")]
    [InlineData("", "is empty")]
    public void A_bad_index_name_is_refused_naming_the_setting_the_reason_and_a_good_name(string index, string reason)
    {
        var result = new ElasticsearchMembershipOptionsValidator().Validate(null, new ElasticsearchMembershipOptions { Index = index });

        Assert.True(result.Failed);
        Assert.Contains(Setting, result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains(reason, result.FailureMessage, StringComparison.Ordinal);
        if (reason != "which Elasticsearch would refuse")
        {
            Assert.Contains("such as coordination-membership", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_defaults_are_valid_and_clear_of_the_lock_index()
    {
        var options = new ElasticsearchMembershipOptions();

        Assert.Equal("coordination-membership", options.Index);
        Assert.True(new ElasticsearchMembershipOptionsValidator(new ElasticsearchStorageOptions().Index).Validate(null, options).Succeeded);
    }

    [Fact]
    public void The_lock_index_is_refused_because_the_two_templates_would_replace_each_other()
    {
        var result = new ElasticsearchMembershipOptionsValidator("coordination-locks").Validate(null, new ElasticsearchMembershipOptions { Index = "coordination-locks" });

        Assert.True(result.Failed);
        Assert.Contains($"{Setting} is 'coordination-locks', the index of the lock documents (Coordination:Storage:Elasticsearch:Index)", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("its own index", result.FailureMessage, StringComparison.Ordinal);
    }
}
