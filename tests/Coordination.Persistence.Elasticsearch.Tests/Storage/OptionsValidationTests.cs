using Orleans.Runtime;

namespace Coordination.Persistence.Elasticsearch.Tests.Storage;

public sealed class OptionsValidationTests
{
    private static string Failures(ElasticsearchGrainStorageOptions options) => string.Join(" ", ElasticsearchGrainStorageOptionsValidator.Validate(options));

    [Theory]
    [InlineData("Coordination-Locks", "which Elasticsearch would refuse")]
    [InlineData("locks with space", "which Elasticsearch would refuse")]
    [InlineData("_locks", "which Elasticsearch would refuse")]
    [InlineData("logs-locks-prod", "built-in data-stream templates")]
    [InlineData("metrics-x-y", "built-in data-stream templates")]
    [InlineData("", "is empty")]
    public void A_bad_index_name_is_refused_with_the_reason(string index, string reason)
    {
        var message = Failures(new ElasticsearchGrainStorageOptions { Index = index });

        Assert.StartsWith("Index ", message, StringComparison.Ordinal);
        Assert.Contains(reason, message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_index_whose_grain_state_index_would_be_too_long_is_refused()
    {
        var message = Failures(new ElasticsearchGrainStorageOptions { Index = new string('a', 250) });

        Assert.Contains("grain state index", message, StringComparison.Ordinal);
        Assert.Contains("255 bytes", message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_are_valid()
    {
        var defaults = new ElasticsearchGrainStorageOptions();

        Assert.Empty(ElasticsearchGrainStorageOptionsValidator.Validate(defaults));
        Assert.Equal("coordination-locks", defaults.Index);
        Assert.Equal("coordination-locks-grain-state", defaults.GrainStateIndex);
        Assert.Equal([ElasticsearchConnectionOptions.DefaultUrl], defaults.NodeUrls());
        Assert.Equal(Orleans.ServiceLifecycleStage.ApplicationServices, defaults.InitStage);
    }

    [Fact]
    public void Bad_connection_settings_each_get_a_message_and_urls_are_shown_without_credentials()
    {
        var message = Failures(new ElasticsearchGrainStorageOptions
        {
            Urls = ["ftp://elastic:s3cret@host:21", "not a url"],
            ApiKey = "id:key",
            Username = "elastic",
            RequestTimeout = TimeSpan.Zero,
            MaxRetries = 50,
            RetryBaseDelay = TimeSpan.FromMinutes(2),
            DeadNodeCooldown = TimeSpan.FromHours(2),
            CertificateAuthorityPath = "/nonexistent/ca.pem",
        });

        Assert.Contains("'ftp://***@host:21', which is not an http:// or https:// URL", message, StringComparison.Ordinal);
        Assert.Contains("'not a url'", message, StringComparison.Ordinal);
        Assert.Contains("ApiKey and Username are both set", message, StringComparison.Ordinal);
        Assert.Contains("RequestTimeout is 00:00:00; it must be between 00:00:00.0010000 and 00:05:00", message, StringComparison.Ordinal);
        Assert.Contains("MaxRetries is 50; it must be between 0 and 10", message, StringComparison.Ordinal);
        Assert.Contains("RetryBaseDelay is 00:02:00", message, StringComparison.Ordinal);
        Assert.Contains("DeadNodeCooldown is 02:00:00", message, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/ca.pem", message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_password_without_a_user_is_refused_and_never_echoed()
    {
        var message = Failures(new ElasticsearchGrainStorageOptions { Password = "hunter2" });

        Assert.Contains("Password is set without Username", message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Index_settings_out_of_range_are_refused_naming_the_range()
    {
        var message = Failures(new ElasticsearchGrainStorageOptions { NumberOfShards = 0, NumberOfReplicas = 17, StartupHealthTimeout = TimeSpan.FromMinutes(11) });

        Assert.Contains("NumberOfShards is 0; it must be between 1 and 1024", message, StringComparison.Ordinal);
        Assert.Contains("NumberOfReplicas is 17; it must be between 0 and 16", message, StringComparison.Ordinal);
        Assert.Contains("StartupHealthTimeout is 00:11:00; it must be between 00:00:00 and 00:10:00", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refresh_interval_must_be_an_elasticsearch_time_value()
    {
        Assert.Empty(ElasticsearchGrainStorageOptionsValidator.Validate(new ElasticsearchGrainStorageOptions { RefreshInterval = "500ms" }));
        Assert.Empty(ElasticsearchGrainStorageOptionsValidator.Validate(new ElasticsearchGrainStorageOptions { RefreshInterval = "-1" }));
        Assert.Contains("RefreshInterval is 'soon'", Failures(new ElasticsearchGrainStorageOptions { RefreshInterval = "soon" }), StringComparison.Ordinal);
    }

    [Fact]
    public void The_silo_validator_names_the_storage_and_every_failure()
    {
        var validator = new ElasticsearchGrainStorageOptionsValidator(new ElasticsearchGrainStorageOptions { Index = "Bad", MaxRetries = -1 }, "locks");

        var error = Assert.Throws<OrleansConfigurationException>(validator.ValidateConfiguration);

        Assert.StartsWith("Invalid settings for Elasticsearch grain storage \"locks\": ", error.Message, StringComparison.Ordinal);
        Assert.Contains("Index is 'Bad'", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxRetries is -1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Comma_separated_urls_are_several_nodes_each_used_once()
    {
        var options = new ElasticsearchGrainStorageOptions { Urls = ["http://a:9200, http://b:9200", "http://a:9200", "http://c:9200"] };

        Assert.Equal(["http://a:9200", "http://b:9200", "http://c:9200"], options.NodeUrls());
    }
}
