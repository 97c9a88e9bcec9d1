using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;

namespace Coordination.Persistence.Elasticsearch.Tests.Membership;

public sealed class ClusteringOptionsValidationTests
{
    private static string Failures(ElasticsearchClusteringOptions options, string? clusterId = "dev", IEnumerable<string>? storageIndices = null) =>
        string.Join(" ", ElasticsearchClusteringOptionsValidator.Validate(options, clusterId, storageIndices));

    [Theory]
    [InlineData("Coordination-Membership", "which Elasticsearch would refuse")]
    [InlineData("membership table", "which Elasticsearch would refuse")]
    [InlineData("-membership", "which Elasticsearch would refuse")]
    [InlineData("members:prod", "which Elasticsearch would refuse")]
    [InlineData("logs-membership-prod", "built-in data-stream templates")]
    [InlineData("", "is empty")]
    public void A_bad_index_name_is_refused_naming_the_setting_the_reason_and_a_good_name(string index, string reason)
    {
        var message = Failures(new ElasticsearchClusteringOptions { Index = index });

        Assert.StartsWith("Index ", message, StringComparison.Ordinal);
        Assert.Contains(reason, message, StringComparison.Ordinal);
        if (reason != "which Elasticsearch would refuse")
        {
            Assert.Contains("such as coordination-membership", message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_defaults_are_valid_and_clear_of_the_default_storage_indices()
    {
        var options = new ElasticsearchClusteringOptions();
        var storage = new ElasticsearchGrainStorageOptions();

        Assert.Equal("coordination-membership", options.Index);
        Assert.Empty(ElasticsearchClusteringOptionsValidator.Validate(options, "dev", [storage.Index, storage.GrainStateIndex]));
    }

    [Theory]
    [InlineData("coordination-locks")]
    [InlineData("coordination-locks-grain-state")]
    public void A_storage_index_is_refused_because_the_templates_would_replace_each_other(string index)
    {
        var storage = new ElasticsearchGrainStorageOptions();

        var message = Failures(new ElasticsearchClusteringOptions { Index = index }, storageIndices: [storage.Index, storage.GrainStateIndex]);

        Assert.Contains($"Index is '{index}', an index of Elasticsearch grain storage in this silo", message, StringComparison.Ordinal);
        Assert.Contains("its own index", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("east/west")]
    public void A_cluster_id_the_table_cannot_use_as_a_document_id_is_refused(string? clusterId)
    {
        var message = Failures(new ElasticsearchClusteringOptions(), clusterId);

        Assert.Contains("ClusterId (Orleans ClusterOptions)", message, StringComparison.Ordinal);
        Assert.Contains("without '/'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Connection_settings_are_checked_under_their_own_names_without_echoing_credentials()
    {
        var options = new ElasticsearchClusteringOptions();
        options.Connection.Urls = ["ftp://elastic:s3cret@es:9200"];
        options.Connection.Password = "s3cret";
        options.Connection.MaxRetries = -1;

        var message = Failures(options);

        Assert.Contains("Connection:Urls contains 'ftp://***@es:9200'", message, StringComparison.Ordinal);
        Assert.Contains("Connection:Password is set without Connection:Username", message, StringComparison.Ordinal);
        Assert.Contains("Connection:MaxRetries is -1; it must be between 0 and 10", message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_silo_validator_reads_the_cluster_id_and_every_registered_storage()
    {
        var services = new ServiceCollection();
        services.AddOptions();
        services.Configure<ClusterOptions>(o => o.ClusterId = "a/b");
        services.Configure<ElasticsearchClusteringOptions>(o => o.Index = "shared");
        services.AddElasticsearchGrainStorage("locks", o => o.Configure(s => s.Index = "shared"));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OrleansConfigurationException>(new ElasticsearchClusteringOptionsValidator(provider).ValidateConfiguration);

        Assert.StartsWith("Invalid settings for Elasticsearch clustering: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("Index is 'shared', an index of Elasticsearch grain storage", error.Message, StringComparison.Ordinal);
        Assert.Contains("ClusterId (Orleans ClusterOptions) is 'a/b'", error.Message, StringComparison.Ordinal);
    }
}
