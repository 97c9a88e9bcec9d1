using System.Net;
using Coordination.Client;
using Coordination.Locks;
using Coordination.Testing.Elasticsearch;
using Coordination.TestingHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Coordination.Persistence.Elasticsearch.Tests.Membership;

/// <summary>Clients that find the gateways in the membership table the silos keep in Elasticsearch.</summary>
public sealed class GatewayDiscoveryTests
{
    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;

    private static async Task<TestCluster> StartClusterAsync(TestElasticsearch elasticsearch, int silos)
    {
        var cluster = new TestClusterBuilder(silos).UseElasticsearch(elasticsearch).ConfigureSilo(s => s.AddLocks()).Build();
        await cluster.DeployAsync(TestContext.Current.CancellationToken);
        return cluster;
    }

    private static ElasticsearchClient Connect(TestElasticsearch elasticsearch)
    {
        var options = new ElasticsearchClientOptions();
        elasticsearch.ConfigureClient(options);
        return new ElasticsearchClient(options);
    }

    private static string[] Names(IEnumerable<EndPoint> gateways) => [.. gateways.Select(GatewayAddress.Format).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task A_client_finds_the_gateways_of_the_active_silos_and_calls_through_them()
    {
        await using var elasticsearch = await TestElasticsearch.StartAsync(cancellationToken: _cancellation);
        await using var cluster = await StartClusterAsync(elasticsearch, silos: 2);
        using var connection = Connect(elasticsearch);
        var discovery = new ElasticsearchGatewayListProvider(connection, cluster.Options.ClusterId, elasticsearch.MembershipIndex);

        Assert.Equal(Names(cluster.Silos.Select(s => s.GatewayEndpoint)), Names(await discovery.GetGatewaysAsync(_cancellation)));
        await using (var client = await ClusterClient.ConnectAsync(new ClusterClientOptions { ClusterId = cluster.Options.ClusterId }, discovery, cancellationToken: _cancellation))
        {
            Assert.True((await client.GetGrain<ILockGrain>("orders/42").TryAcquire("alice")).Acquired);
            Assert.Equal(2, client.ConnectedGateways.Count);
        }

        var leaver = cluster.Silos[1];
        await cluster.StopSiloAsync(leaver, _cancellation);
        Assert.Equal(Names([cluster.Silos[0].GatewayEndpoint]), Names(await discovery.GetGatewaysAsync(_cancellation)));
    }

    [Fact]
    public async Task A_hosted_client_discovers_the_gateways_with_the_settings_the_silos_read()
    {
        await using var elasticsearch = await TestElasticsearch.StartAsync(cancellationToken: _cancellation);
        await using var cluster = await StartClusterAsync(elasticsearch, silos: 1);
        var builder = Host.CreateEmptyApplicationBuilder(new());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Coordination:Client:ClusterId"] = cluster.Options.ClusterId,
            ["Coordination:Membership:Elasticsearch:Index"] = elasticsearch.MembershipIndex,
        });
        builder.UseCoordinationClient();
        builder.Services.AddElasticsearchGatewayDiscovery(builder.Configuration, configureConnection: elasticsearch.ConfigureClient);
        using var app = builder.Build();

        await app.StartAsync(_cancellation);
        var locks = app.Services.GetRequiredService<IGrainFactory>();
        var taken = await locks.GetGrain<ILockGrain>("orders/7").TryAcquire("bob");
        await app.StopAsync(_cancellation);

        Assert.True(taken.Acquired);
        Assert.IsType<ElasticsearchGatewayListProvider>(app.Services.GetRequiredService<IGatewayListProvider>());
    }

    [Fact]
    public async Task Discovery_only_reads_so_a_cluster_with_no_table_has_no_gateways_and_nothing_is_installed()
    {
        await using var elasticsearch = await TestElasticsearch.StartAsync(cancellationToken: _cancellation);
        var emulator = Emulated.Require(elasticsearch);
        emulator.Stats.Reset();
        using var connection = Connect(elasticsearch);
        var discovery = new ElasticsearchGatewayListProvider(connection, "nobody-home", elasticsearch.MembershipIndex);

        Assert.Empty(await discovery.GetGatewaysAsync(_cancellation));
        await Assert.ThrowsAsync<ClusterUnavailableException>(() => ClusterClient.ConnectAsync(new ClusterClientOptions { ClusterId = "nobody-home" }, discovery, cancellationToken: _cancellation));
        // It read by id and wrote nothing: no document, no template, no index.
        var traffic = emulator.Stats.Snapshot();
        Assert.True(traffic.Get >= 2, traffic.ToString());
        Assert.Equal(0, traffic.Index + traffic.Create + traffic.Update + traffic.Delete + traffic.Bulk);
        // An index created by a reader would lack the mappings the silos' template gives it.
        using var http = new HttpClient { BaseAddress = elasticsearch.Url };
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/_index_template/{elasticsearch.MembershipIndex}", _cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/{elasticsearch.MembershipIndex}", _cancellation)).StatusCode);
    }

    [Fact]
    public async Task A_bad_cluster_id_or_index_is_refused_naming_each_setting()
    {
        await using var elasticsearch = await TestElasticsearch.StartAsync(cancellationToken: _cancellation);
        using var connection = Connect(elasticsearch);

        var error = Assert.Throws<OptionsValidationException>(() => new ElasticsearchGatewayListProvider(connection, " ", "Not An Index"));

        Assert.Contains("Coordination:Client:ClusterId", error.Message, StringComparison.Ordinal);
        Assert.Contains("Coordination:Membership:Elasticsearch:Index", error.Message, StringComparison.Ordinal);
    }
}
