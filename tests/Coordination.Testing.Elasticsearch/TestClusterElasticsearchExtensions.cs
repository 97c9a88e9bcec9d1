using Coordination.Persistence.Elasticsearch;
using Coordination.TestingHost;

namespace Coordination.Testing.Elasticsearch;

/// <summary>Runs a test cluster on Elasticsearch, as production clusters run.</summary>
public static class TestClusterElasticsearchExtensions
{
    /// <summary>
    /// Keeps every silo's default grain storage and the cluster's membership table in
    /// <paramref name="elasticsearch"/> (the emulator, or the real cluster of COORDINATION_TEST_ES_URL). Each
    /// silo has its own client, as separate processes would.
    /// </summary>
    public static TestClusterBuilder UseElasticsearch(this TestClusterBuilder builder, TestElasticsearch elasticsearch, Action<ElasticsearchClientOptions>? configureClient = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(elasticsearch);
        return builder.ConfigureSilo(silo => silo
            .AddElasticsearchGrainStorage(
                configureClient: o =>
                {
                    elasticsearch.ConfigureClient(o);
                    configureClient?.Invoke(o);
                },
                configureStorage: o =>
                {
                    o.Index = elasticsearch.Index;
                    o.NumberOfReplicas = 0;
                })
            .AddElasticsearchMembership(o => o.Index = elasticsearch.MembershipIndex));
    }
}
