using Coordination.ElasticsearchEmulator;
using Coordination.Locks;
using Coordination.Testing.Elasticsearch;

namespace Coordination.Grains.Tests.Grain;

/// <summary>
/// The lock rules on the Elasticsearch store with the faults injected on the wire, by the emulator, under the
/// official client: latency, 429 and 503 refusals, writes applied before their answer is lost (reset or timeout),
/// primary-term bumps. Never a false grant, never "not acquired" for a grant that committed, and one write per
/// ownership change. Each variant runs on a cluster of its own, reaching the emulator through one URL or two.
/// </summary>
public abstract class ElasticsearchWireFaultTests(ElasticsearchWireFaultTests.Fixture fixture)
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private LockCluster Locks => fixture.Locks ?? Skipped();

    private EmulatorServer Emulator => fixture.Emulator;

    private static LockCluster Skipped()
    {
        Assert.Skip($"These faults are injected by the Elasticsearch emulator; {TestElasticsearch.RealClusterVariable} points at a real cluster.");
        return null!;
    }

    private static string NewKey() => $"{TestContext.Current.TestMethod?.MethodName ?? "key"}/{Guid.NewGuid():N}";

    private FaultRule Fault(FaultKind kind, EmulatorOperations operations, string key, int count = 1, TimeSpan? delay = null) =>
        Emulator.Faults.Add(new FaultRule { Kind = kind, Operations = operations, Index = Locks.Store.Elasticsearch!.Index, DocumentId = key, Count = count, Delay = delay });

    [Fact]
    public async Task A_grant_whose_answer_is_slow_commits_once()
    {
        var key = NewKey();
        await Locks.Lock(key).GetStatus();
        var before = Emulator.Stats.Snapshot();
        var slow = Fault(FaultKind.Latency, EmulatorOperations.Create, key, delay: TimeSpan.FromMilliseconds(200));

        var result = await Locks.Lock(key).TryAcquire("a", Lease);

        Assert.Equal((true, 1L), (result.Acquired, result.FencingToken));
        Assert.Equal(1, slow.AppliedCount);
        Assert.Equal(1, Emulator.Stats.Snapshot().Create - before.Create);
    }

    [Theory]
    [InlineData(FaultKind.TooManyRequests)]
    [InlineData(FaultKind.ShardUnavailable)]
    public async Task Refusals_before_running_are_retried_into_one_grant(FaultKind refusal)
    {
        var key = NewKey();
        await Locks.Lock(key).GetStatus();
        var before = Emulator.Stats.Snapshot();
        var refused = Fault(refusal, EmulatorOperations.Create, key, count: 2);

        var result = await Locks.Lock(key).TryAcquire("a", Lease);

        Assert.Equal((true, 1L), (result.Acquired, result.FencingToken));
        Assert.Equal(2, refused.AppliedCount);
        Assert.Equal(3, Emulator.Stats.Snapshot().Create - before.Create);
        Assert.Equal("a", (await Locks.ReadStoredAsync(key)).Owner);
    }

    [Theory]
    [InlineData(FaultKind.ApplyThenReset)]
    [InlineData(FaultKind.ApplyThenTimeout)]
    [InlineData(FaultKind.ApplyThenGarble)]
    public async Task A_grant_applied_before_its_answer_was_lost_is_confirmed_by_its_nonce(FaultKind fault)
    {
        var key = NewKey();
        await Locks.Lock(key).GetStatus();
        var before = Emulator.Stats.Snapshot();
        var lost = Fault(fault, EmulatorOperations.Create, key);

        var result = await Locks.Lock(key).TryAcquire("a", Lease);

        Assert.Equal((true, 1L), (result.Acquired, result.FencingToken));
        Assert.Equal(1, lost.AppliedCount);
        Assert.Equal(1, Emulator.Stats.Snapshot().Create - before.Create);
        Assert.Equal(("a", 1L), ((await Locks.ReadStoredAsync(key)).Owner, (await Locks.ReadStoredAsync(key)).FencingToken));
        Assert.Equal(LockOutcome.HeldByOther, (await Locks.Lock(key).TryAcquire("b", Lease)).Outcome);
    }

    [Theory]
    [InlineData(FaultKind.ApplyThenReset)]
    [InlineData(FaultKind.ApplyThenTimeout)]
    [InlineData(FaultKind.ApplyThenGarble)]
    public async Task A_release_applied_before_its_answer_was_lost_reports_released_and_the_next_grant_moves_the_token_on(FaultKind fault)
    {
        var key = NewKey();
        var granted = await Locks.Lock(key).TryAcquire("a", Lease);
        var lost = Fault(fault, EmulatorOperations.Index, key);

        Assert.True(await Locks.Lock(key).Release("a", granted.FencingToken));

        Assert.Equal(1, lost.AppliedCount);
        var next = await Locks.Lock(key).TryAcquire("b", Lease);
        Assert.Equal((true, 2L), (next.Acquired, next.FencingToken));
    }

    [Fact]
    public async Task Compare_and_set_carries_on_across_primary_term_bumps()
    {
        var key = NewKey();
        var first = await Locks.Lock(key).TryAcquire("a", Lease);
        var bumps = Fault(FaultKind.PrimaryTermBump, EmulatorOperations.Index, key, count: 2);

        Assert.True(await Locks.Lock(key).Release("a", first.FencingToken));
        var second = await Locks.Lock(key).TryAcquire("b", Lease);
        Assert.True(await Locks.Lock(key).Release("b", second.FencingToken));
        var third = await Locks.Lock(key).TryAcquire("c", Lease);

        Assert.Equal(2, bumps.AppliedCount);
        Assert.Equal((2L, 3L), (second.FencingToken, third.FencingToken));
        Assert.Equal("c", (await Locks.ReadStoredAsync(key)).Owner);
    }

    [Fact]
    public async Task Each_ownership_change_is_one_request_and_nothing_else_reaches_elasticsearch()
    {
        const int Cycles = 5;
        var key = NewKey();
        var before = Emulator.Stats.Snapshot();

        for (var i = 0; i < Cycles; i++)
        {
            var owner = $"owner-{i}";
            var granted = await Locks.Lock(key).TryAcquire(owner, Lease);
            Assert.True(granted.Acquired);
            Assert.False((await Locks.Lock(key).TryAcquire("someone-else", Lease)).Acquired);
            Assert.True(await Locks.Lock(key).Release(owner, granted.FencingToken));
        }

        // One read at activation; a create, then an index per change; a refusal is answered from memory; no refresh,
        // health, template, root or search request, and nothing the client adds of its own.
        var after = Emulator.Stats.Snapshot();
        Assert.Equal(
            (Get: 1L, Create: 1L, Index: (2L * Cycles) - 1, Search: 0L, Other: 0L),
            (Get: after.Get - before.Get, Create: after.Create - before.Create, Index: after.Index - before.Index, Search: after.Search - before.Search, Other: after.Other - before.Other));
    }

    /// <summary>A one-silo lock cluster on the emulator, with a short request timeout so a withheld answer times out quickly.</summary>
    public abstract class Fixture(int urls) : IAsyncLifetime
    {
        /// <summary>Null against a real cluster, which cannot inject faults.</summary>
        public LockCluster? Locks { get; private set; }

        public EmulatorServer Emulator => Locks?.Store.Elasticsearch?.Emulator!;

        public async ValueTask InitializeAsync()
        {
            if (TestElasticsearch.UsesRealCluster)
            {
                return;
            }

            Locks = await LockCluster.StartAsync(new LockClusterSpec(LockStore.Elasticsearch)
            {
                ConfigureElasticsearch = o =>
                {
                    var port = new Uri(o.Urls[0]).Port;
                    o.Urls = urls == 1 ? [$"http://127.0.0.1:{port}"] : [$"http://127.0.0.1:{port}", $"http://localhost:{port}"];
                    o.RequestTimeout = TimeSpan.FromSeconds(2);
                    o.RetryBaseDelay = TimeSpan.FromMilliseconds(1);
                    o.MaxRetryDelay = TimeSpan.FromMilliseconds(5);
                },
            });
        }

        public async ValueTask DisposeAsync()
        {
            if (Locks is not null)
            {
                await Locks.DisposeAsync();
            }

            GC.SuppressFinalize(this);
        }
    }
}

public sealed class ElasticsearchWireFaultsThroughOneUrl() : ElasticsearchWireFaultTests.Fixture(1);

public sealed class ElasticsearchWireFaultsThroughTwoUrls() : ElasticsearchWireFaultTests.Fixture(2);

public sealed class ElasticsearchWireFaultsWithOneUrl(ElasticsearchWireFaultsThroughOneUrl fixture)
    : ElasticsearchWireFaultTests(fixture), IClassFixture<ElasticsearchWireFaultsThroughOneUrl>;

public sealed class ElasticsearchWireFaultsWithTwoUrls(ElasticsearchWireFaultsThroughTwoUrls fixture)
    : ElasticsearchWireFaultTests(fixture), IClassFixture<ElasticsearchWireFaultsThroughTwoUrls>;
