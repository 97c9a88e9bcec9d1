using System.Net;
using Coordination.ElasticsearchEmulator;
using Coordination.Testing.Elasticsearch;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Messaging;
using Orleans.Runtime;

namespace Coordination.Persistence.Elasticsearch.Tests.Membership;

/// <summary>
/// Membership tables and gateway list providers on one test's Elasticsearch, each with its own connections, as
/// separate silos and clients would have. Every table of a test shares its cluster id unless told otherwise.
/// </summary>
public abstract class MembershipFixture : IAsyncLifetime
{
    protected static readonly DateTime T0 = new(2026, 11, 21, 9, 0, 0, DateTimeKind.Utc);

    private static int s_generation;
    private readonly List<IDisposable> _owned = [];

    protected CancellationToken Cancellation { get; } = TestContext.Current.CancellationToken;

    protected TestElasticsearch Elasticsearch { get; private set; } = null!;

    protected string ClusterId { get; } = "cluster-" + Guid.NewGuid().ToString("N")[..8];

    protected virtual EmulatorOptions? EmulatorOptions => null;

    public virtual async ValueTask InitializeAsync() => Elasticsearch = await TestElasticsearch.StartAsync(EmulatorOptions, Cancellation);

    public virtual async ValueTask DisposeAsync()
    {
        _owned.ForEach(o => o.Dispose());
        await Elasticsearch.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected ElasticsearchMembershipTable Table(string? clusterId = null, Action<ElasticsearchClusteringOptions>? configure = null)
    {
        var options = new ElasticsearchClusteringOptions();
        Elasticsearch.ConfigureClustering(options);
        configure?.Invoke(options);
        var table = new ElasticsearchMembershipTable(
            Options.Create(options), Options.Create(new ClusterOptions { ClusterId = clusterId ?? ClusterId }), NullLogger<ElasticsearchMembershipTable>.Instance);
        _owned.Add(table);
        return table;
    }

    /// <summary>A table of this test's cluster, set up as a silo's is when it starts.</summary>
    protected async Task<ElasticsearchMembershipTable> InitializedTableAsync(string? clusterId = null, Action<ElasticsearchClusteringOptions>? configure = null)
    {
        var table = Table(clusterId, configure);
        await table.InitializeMembershipTable(true);
        return table;
    }

    protected IGatewayListProvider Gateways(string? clusterId = null)
    {
        var options = new ElasticsearchClusteringOptions();
        Elasticsearch.ConfigureClustering(options);
        var provider = new ElasticsearchGatewayListProvider(
            Options.Create(options),
            Options.Create(new ClusterOptions { ClusterId = clusterId ?? ClusterId }),
            Options.Create(new GatewayOptions()),
            NullLogger<ElasticsearchGatewayListProvider>.Instance);
        _owned.Add(provider);
        return provider;
    }

    protected static SiloAddress Silo(int n) =>
        SiloAddress.New(new IPEndPoint(IPAddress.Parse($"10.0.0.{n}"), 11111), Interlocked.Increment(ref s_generation));

    protected static MembershipEntry Entry(int n, SiloStatus status = SiloStatus.Joining, int proxyPort = 30000) => Entry(Silo(n), status, proxyPort);

    protected static MembershipEntry Entry(SiloAddress silo, SiloStatus status = SiloStatus.Joining, int proxyPort = 30000) => new()
    {
        SiloAddress = silo,
        HostName = $"host-{silo.Endpoint.Address}",
        SiloName = $"silo-{silo.Endpoint.Address}",
        Status = status,
        ProxyPort = proxyPort,
        StartTime = T0,
        IAmAliveTime = T0,
    };

    protected static MembershipEntry With(MembershipEntry entry, Action<MembershipEntry> change)
    {
        var copy = new MembershipEntry
        {
            SiloAddress = entry.SiloAddress,
            HostName = entry.HostName,
            SiloName = entry.SiloName,
            Status = entry.Status,
            ProxyPort = entry.ProxyPort,
            RoleName = entry.RoleName,
            UpdateZone = entry.UpdateZone,
            FaultZone = entry.FaultZone,
            StartTime = entry.StartTime,
            IAmAliveTime = entry.IAmAliveTime,
            SuspectTimes = entry.SuspectTimes is null ? null : [.. entry.SuspectTimes],
        };
        change(copy);
        return copy;
    }
}
