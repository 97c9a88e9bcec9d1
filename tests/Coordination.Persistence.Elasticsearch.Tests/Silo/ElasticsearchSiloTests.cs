using System.Net;
using System.Net.Sockets;
using Coordination.ElasticsearchEmulator;
using Coordination.Locks;
using Coordination.Runtime.Configuration;
using Coordination.Runtime.Hosting;
using Coordination.Testing.Elasticsearch;
using Coordination.TestingHost;
using Microsoft.Extensions.Configuration;

namespace Coordination.Persistence.Elasticsearch.Tests.Silo;

/// <summary>Silos whose locks live in Elasticsearch, configured the way the silo executable configures them.</summary>
public sealed class ElasticsearchSiloTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;

    private static async Task<TestCluster> StartSiloAsync(
        string url, string index, TimeProvider clock, Action<ElasticsearchClientOptions>? configureClient = null, TimeProvider? clientClock = null)
    {
        var cluster = new TestClusterBuilder()
            .UseTimeProvider(clock)
            .ConfigureSilo(silo =>
            {
                silo.Configure((GrainCallOptions o) => o.CallTimeout = TimeSpan.FromMinutes(5));
                silo.AddLocks();
                silo.AddElasticsearchGrainStorage(
                    configureClient: o =>
                    {
                        o.Urls = [url];
                        o.RetryBaseDelay = TimeSpan.FromMilliseconds(1);
                        configureClient?.Invoke(o);
                    },
                    configureStorage: o =>
                    {
                        o.Index = index;
                        o.NumberOfReplicas = 0;
                    },
                    clientClock: clientClock);
            })
            .Build();
        await cluster.DeployAsync(TestContext.Current.CancellationToken);
        return cluster;
    }

    [Fact]
    public async Task Settings_bind_from_configuration_and_locks_are_stored_as_documents()
    {
        await using var elasticsearch = await TestElasticsearch.StartAsync(cancellationToken: _cancellation);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Coordination:Storage:Elasticsearch:Urls:0"] = elasticsearch.Url.ToString(),
            ["Coordination:Storage:Elasticsearch:Index"] = elasticsearch.Index,
            ["Coordination:Storage:Elasticsearch:NumberOfReplicas"] = "0",
        }).Build();
        var host = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new());
        host.Configuration.AddConfiguration(configuration);
        host.UseCoordinationSilo(silo => silo.AddLocks().AddElasticsearchGrainStorage());
        using var app = host.Build();
        await app.StartAsync(_cancellation);
        try
        {
            var grains = (IGrainFactory)app.Services.GetService(typeof(IGrainFactory))!;
            Assert.True((await grains.GetGrain<ILockGrain>("orders/42").TryAcquire("worker-7", Lease)).Acquired);

            using var client = new ElasticsearchClient(elasticsearch.ClientOptions());
            var document = await client.GetAsync(elasticsearch.Index, "orders/42", _cancellation);
            Assert.Equal("worker-7", document.Source.GetProperty("owner").GetString());
            Assert.Equal(Environment.MachineName, document.Source.GetProperty("silo").GetString());
        }
        finally
        {
            await app.StopAsync(_cancellation);
        }
    }

    [Fact]
    public async Task An_unreachable_cluster_stops_start_up_with_a_message_naming_the_url_and_the_cause()
    {
        var url = $"http://127.0.0.1:{ClosedPort()}";
        var error = await Assert.ThrowsAsync<ElasticsearchStartupException>(() => StartSiloAsync(url, "coordination-locks", TimeProvider.System));

        Assert.Contains(url, error.Message, StringComparison.Ordinal);
        Assert.Contains("refused", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Refusals_are_retried_and_the_lock_is_granted_exactly_once()
    {
        await using var elasticsearch = await TestElasticsearch.StartAsync(cancellationToken: _cancellation);
        var emulator = Emulated.Require(elasticsearch);
        await using var cluster = await StartSiloAsync(elasticsearch.Url.ToString(), elasticsearch.Index, new ManualTimeProvider());
        emulator.Faults.Add(new FaultRule { Kind = FaultKind.TooManyRequests, Operations = EmulatorOperations.Create, Count = 1 });
        emulator.Faults.Add(new FaultRule { Kind = FaultKind.ShardUnavailable, Operations = EmulatorOperations.Create, Count = 1 });
        var grain = cluster.GrainFactory.GetGrain<ILockGrain>("k");

        var granted = await grain.TryAcquire("a", Lease);

        Assert.Equal(1, granted.FencingToken);
        Assert.Equal(3, emulator.Stats.Snapshot().Create);
        Assert.Equal(LockOutcome.HeldByOther, (await grain.TryAcquire("b", Lease)).Outcome);
    }

    [Fact]
    public async Task A_write_applied_but_unanswered_is_resolved_by_re_reading_the_nonce()
    {
        await using var elasticsearch = await TestElasticsearch.StartAsync(cancellationToken: _cancellation);
        var emulator = Emulated.Require(elasticsearch);
        await using var cluster = await StartSiloAsync(elasticsearch.Url.ToString(), elasticsearch.Index, new ManualTimeProvider());
        var grain = cluster.GrainFactory.GetGrain<ILockGrain>("k");
        await grain.GetStatus();
        emulator.Faults.Add(new FaultRule { Kind = FaultKind.ApplyThenReset, Operations = EmulatorOperations.Create, Count = 1 });
        var before = emulator.Stats.Snapshot();

        var granted = await grain.TryAcquire("a", Lease);

        var after = emulator.Stats.Snapshot();
        Assert.Equal(LockOutcome.Acquired, granted.Outcome);
        Assert.Equal(1, after.Create - before.Create);
        Assert.Equal(1, after.Get - before.Get);
        Assert.Equal(LockOutcome.HeldByOther, (await grain.TryAcquire("b", Lease)).Outcome);
    }

    [Fact]
    public async Task A_write_that_times_out_after_being_applied_is_confirmed_not_repeated()
    {
        var clock = new ManualTimeProvider();
        await using var elasticsearch = await TestElasticsearch.StartAsync(cancellationToken: _cancellation);
        var emulator = Emulated.Require(elasticsearch);
        await using var cluster = await StartSiloAsync(elasticsearch.Url.ToString(), elasticsearch.Index, clock, o => o.RequestTimeout = TimeSpan.FromSeconds(5), clientClock: clock);
        var grain = cluster.GrainFactory.GetGrain<ILockGrain>("k");
        await grain.TryAcquire("a", Lease);
        var held = emulator.Faults.Add(new FaultRule { Kind = FaultKind.ApplyThenTimeout, Operations = EmulatorOperations.Index, Count = 1 });

        var release = grain.Release("a", 1);
        await held.WhenAppliedAsync(cancellationToken: _cancellation);
        clock.Advance(TimeSpan.FromSeconds(5));

        Assert.True(await release.WaitAsync(TimeSpan.FromSeconds(30), _cancellation));
        Assert.Equal(1, emulator.Stats.Snapshot().Index);
        Assert.Equal(2, (await grain.TryAcquire("b", Lease)).FencingToken);
    }

    [Fact]
    public async Task Losing_the_cluster_mid_run_fails_calls_with_a_retryable_error_and_grants_nothing_new()
    {
        await using var elasticsearch = await TestElasticsearch.StartAsync(cancellationToken: _cancellation);
        var emulator = Emulated.Require(elasticsearch);
        await using var cluster = await StartSiloAsync(elasticsearch.Url.ToString(), elasticsearch.Index, new ManualTimeProvider(), o => o.RequestTimeout = TimeSpan.FromSeconds(5));
        var held = cluster.GrainFactory.GetGrain<ILockGrain>("held");
        await held.TryAcquire("a", Lease);

        await emulator.DisposeAsync();

        // Answered from memory, no store needed: still correct.
        Assert.Equal(LockOutcome.HeldByOther, (await held.TryAcquire("b", Lease)).Outcome);
        // A new key cannot be read, and a release cannot be written: both say so, and nothing is granted.
        var unread = await Assert.ThrowsAsync<GrainActivationException>(() => cluster.GrainFactory.GetGrain<ILockGrain>("fresh").TryAcquire("b", Lease).AsTask());
        Assert.Contains(elasticsearch.Url.GetLeftPart(UriPartial.Authority), unread.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<LockUnavailableException>(() => held.Release("a", 1));
        await Assert.ThrowsAnyAsync<Exception>(() => held.TryAcquire("b", Lease).AsTask());
    }

    [Fact]
    public async Task A_primary_term_bump_does_not_disturb_compare_and_set_or_tokens()
    {
        await using var elasticsearch = await TestElasticsearch.StartAsync(cancellationToken: _cancellation);
        var emulator = Emulated.Require(elasticsearch);
        await using var cluster = await StartSiloAsync(elasticsearch.Url.ToString(), elasticsearch.Index, new ManualTimeProvider());
        var grain = cluster.GrainFactory.GetGrain<ILockGrain>("k");
        var first = await grain.TryAcquire("a", Lease);

        var term = emulator.FailoverPrimary(elasticsearch.Index);

        Assert.True(await grain.Release("a", first.FencingToken));
        var second = await grain.TryAcquire("b", Lease);
        Assert.Equal(2, second.FencingToken);
        using var client = new ElasticsearchClient(elasticsearch.ClientOptions());
        Assert.Equal(term, (await client.GetAsync(elasticsearch.Index, "k", _cancellation)).Version.PrimaryTerm);
        Assert.True(await grain.Release("b", second.FencingToken));
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
