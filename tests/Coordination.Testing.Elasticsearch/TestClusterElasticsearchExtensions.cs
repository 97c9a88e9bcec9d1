using Coordination.Persistence.Elasticsearch;
using Microsoft.Extensions.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Coordination.Testing.Elasticsearch;

/// <summary>Runs an Orleans test cluster on Elasticsearch, as production clusters run.</summary>
public static class TestClusterElasticsearchExtensions
{
    internal const string UrlKey = "Coordination:Testing:Elasticsearch:Url";
    internal const string IndexKey = "Coordination:Testing:Elasticsearch:Index";
    internal const string MembershipIndexKey = "Coordination:Testing:Elasticsearch:MembershipIndex";

    /// <summary>
    /// Keeps every silo's default grain storage and the cluster's membership table in <paramref name="elasticsearch"/>
    /// (the emulator, or the real cluster of COORDINATION_TEST_ES_URL), and lets the client find the gateways there.
    /// Turns off the test cluster's own membership. Each silo has its own connections, as separate processes would.
    /// </summary>
    public static TestClusterBuilder UseElasticsearch(this TestClusterBuilder builder, TestElasticsearch elasticsearch)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(elasticsearch);

        // Silo configurators are types the test cluster creates, so what they need travels in the configuration.
        builder.Properties[UrlKey] = elasticsearch.Url.ToString();
        builder.Properties[IndexKey] = elasticsearch.Index;
        builder.Properties[MembershipIndexKey] = elasticsearch.MembershipIndex;
        builder.Options.UseTestClusterMembership = false;
        builder.AddSiloBuilderConfigurator<ElasticsearchSiloConfigurator>();
        builder.AddClientBuilderConfigurator<ElasticsearchClientConfigurator>();
        return builder;
    }

    private static void ConfigureClustering(IConfiguration configuration, ElasticsearchClusteringOptions options)
    {
        options.Connection.Urls = [Required(configuration, UrlKey)];
        options.Index = Required(configuration, MembershipIndexKey);
    }

    private static string Required(IConfiguration configuration, string key) =>
        configuration[key] ?? throw new InvalidOperationException($"{key} is missing from the test cluster's configuration; call UseElasticsearch on the builder.");

    /// <summary>A silo's default grain storage and membership on the Elasticsearch named in the configuration.</summary>
    public sealed class ElasticsearchSiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            ArgumentNullException.ThrowIfNull(siloBuilder);
            var configuration = siloBuilder.Configuration;
            siloBuilder
                .AddElasticsearchGrainStorageAsDefault(o =>
                {
                    o.Urls = [Required(configuration, UrlKey)];
                    o.Index = Required(configuration, IndexKey);
                    o.NumberOfReplicas = 0;
                })
                .UseElasticsearchClustering(o => ConfigureClustering(configuration, o));
        }
    }

    /// <summary>A client that finds the gateways in the membership table on the Elasticsearch named in the configuration.</summary>
    public sealed class ElasticsearchClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.UseElasticsearchClustering(o => ConfigureClustering(configuration, o));
    }
}
