namespace Coordination.Persistence.Elasticsearch.Tests.Storage;

public sealed class OptionsValidationTests
{
    private readonly ElasticsearchStorageOptionsValidator _validator = new();

    [Theory]
    [InlineData("Coordination-Locks", "which Elasticsearch would refuse")]
    [InlineData("locks with space", "which Elasticsearch would refuse")]
    [InlineData("_locks", "which Elasticsearch would refuse")]
    [InlineData("logs-locks-prod", "built-in data-stream templates")]
    [InlineData("metrics-x-y", "built-in data-stream templates")]
    [InlineData("", "is empty")]
    public void A_bad_index_name_is_refused_with_the_reason(string index, string reason)
    {
        var result = _validator.Validate(null, new ElasticsearchStorageOptions { Index = index });
        Assert.True(result.Failed);
        Assert.Contains($"Coordination:Storage:Elasticsearch:Index", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains(reason, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.True(_validator.Validate(null, new ElasticsearchStorageOptions()).Succeeded);
        Assert.True(_validator.Validate(null, new ElasticsearchClientOptions()).Succeeded);
    }

    [Fact]
    public void Bad_connection_settings_each_get_a_message_and_urls_are_shown_without_credentials()
    {
        var result = _validator.Validate(null, new ElasticsearchClientOptions
        {
            Urls = ["ftp://elastic:s3cret@host:21", "not a url"],
            ApiKey = "id:key",
            Username = "elastic",
            RequestTimeout = TimeSpan.Zero,
            MaxRetries = 50,
            CertificateAuthorityPath = "/nonexistent/ca.pem",
        });

        var message = result.FailureMessage;
        Assert.Contains("'ftp://***@host:21', which is not an http:// or https:// URL", message, StringComparison.Ordinal);
        Assert.Contains("'not a url'", message, StringComparison.Ordinal);
        Assert.Contains("both ApiKey and Username are set", message, StringComparison.Ordinal);
        Assert.Contains("RequestTimeout is 00:00:00", message, StringComparison.Ordinal);
        Assert.Contains("MaxRetries is 50; it must be between 0 and 10", message, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/ca.pem", message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refresh_interval_must_be_an_elasticsearch_time_value()
    {
        Assert.True(_validator.Validate(null, new ElasticsearchStorageOptions { RefreshInterval = "500ms" }).Succeeded);
        Assert.True(_validator.Validate(null, new ElasticsearchStorageOptions { RefreshInterval = "-1" }).Succeeded);
        var result = _validator.Validate(null, new ElasticsearchStorageOptions { RefreshInterval = "soon" });
        Assert.Contains("RefreshInterval is 'soon'", result.FailureMessage, StringComparison.Ordinal);
    }
}
