using System.Text.Json;
using Coordination.Persistence.Elasticsearch.Tests.Grains;
using Coordination.Testing.Elasticsearch;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Messaging;
using Orleans.TestingHost;

namespace Coordination.Persistence.Elasticsearch.Tests.Membership;

/// <summary>Orleans silos forming a cluster through the Elasticsearch membership table, with a client finding them there.</summary>
public sealed class ClusterTests
{
    private static readonly TimeSpan ConvergenceDeadline = TimeSpan.FromSeconds(90);
    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;

    /// <summary>Failure detection in seconds rather than minutes, so a killed silo is declared dead within the test.</summary>
    public sealed class FastFailureDetection : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => siloBuilder.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(1);
            o.NumMissedProbesLimit = 2;
            o.NumVotesForDeathDeclaration = 1;
            o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
            o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2);
        });
    }

    [Fact]
    public async Task Silos_form_a_cluster_through_the_table_a_client_calls_through_it_and_a_killed_silo_ends_up_dead()
    {
        await using var elasticsearch = await TestElasticsearch.StartAsync(cancellationToken: _cancellation);
        var builder = new TestClusterBuilder(2);
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.UseElasticsearch(elasticsearch);
        builder.AddSiloBuilderConfigurator<FastFailureDetection>();
        await using var cluster = builder.Build();
        await cluster.DeployAsync(_cancellation);
        using var documents = elasticsearch.Documents();

        var silos = cluster.Silos.Select(s => s.SiloAddress.ToParsableString()).ToList();
        var joined = await WaitForTableAsync(documents, elasticsearch, cluster.Options.ClusterId, rows => silos.All(s => rows.GetValueOrDefault(s) == "Active"));
        Assert.Equal(silos.Order(), joined.Keys.Order());

        Assert.IsType<ElasticsearchGatewayListProvider>(cluster.Client.ServiceProvider.GetRequiredService<IGatewayListProvider>());
        var answeredBy = await cluster.Client.GetGrain<IPingGrain>("first").Ping();
        Assert.Contains(cluster.Silos, s => answeredBy.Contains(s.SiloAddress.ToString(), StringComparison.Ordinal));

        var victim = cluster.Silos[1];
        await cluster.KillSiloAsync(victim, _cancellation);

        var afterKill = await WaitForTableAsync(documents, elasticsearch, cluster.Options.ClusterId, rows => rows.GetValueOrDefault(silos[1]) == "Dead");
        Assert.Equal("Active", afterKill[silos[0]]);
        Assert.False(string.IsNullOrEmpty(await cluster.Client.GetGrain<IPingGrain>("second").Ping()));
    }

    /// <summary>Reads the cluster's table document until <paramref name="done"/> holds for its silo statuses, up to a deadline.</summary>
    private async Task<Dictionary<string, string>> WaitForTableAsync(
        ElasticsearchConnection documents, TestElasticsearch elasticsearch, string clusterId, Func<Dictionary<string, string>, bool> done)
    {
        var deadline = DateTime.UtcNow + ConvergenceDeadline;
        var rows = new Dictionary<string, string>();
        while (DateTime.UtcNow < deadline)
        {
            var table = await documents.GetAsync(elasticsearch.MembershipIndex, clusterId, _cancellation);
            rows = table.Found
                ? table.Source.GetProperty("entries").EnumerateArray().ToDictionary(r => r.GetProperty("silo").GetString()!, r => r.GetProperty("status").GetString()!)
                : [];
            if (done(rows))
            {
                return rows;
            }

            // Polling is how a cluster's convergence is observed; the deadline bounds it.
            await Task.Delay(TimeSpan.FromMilliseconds(250), _cancellation);
        }

        Assert.Fail($"The membership table did not converge within {ConvergenceDeadline}: {JsonSerializer.Serialize(rows)}");
        return rows;
    }
}
