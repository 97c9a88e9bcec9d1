using Coordination.ElasticsearchEmulator;
using Coordination.Locks;
using Coordination.Testing.Elasticsearch;
using Microsoft.Extensions.Time.Testing;

namespace Coordination.Grains.Tests.Grain;

/// <summary>What the wire-fault suites share: a one-silo lock cluster on the emulator, and faults aimed at one key.</summary>
public abstract class ElasticsearchWireSuite(ElasticsearchWireSuite.Fixture fixture)
{
    protected static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    protected LockCluster Locks => fixture.Locks ?? Skipped();

    protected EmulatorServer Emulator => fixture.Emulator;

    /// <summary>The clock of the silo's request deadlines, when its fixture puts them on a fake one.</summary>
    protected FakeTimeProvider RequestClock => fixture.RequestClock ?? throw new InvalidOperationException("This fixture's request deadlines run on real time.");

    private static LockCluster Skipped()
    {
        Assert.Skip($"These faults are injected by the Elasticsearch emulator; {TestElasticsearch.RealClusterVariable} points at a real cluster.");
        return null!;
    }

    protected static string NewKey() => $"{TestContext.Current.TestMethod?.MethodName ?? "key"}/{Guid.NewGuid():N}";

    protected FaultRule Fault(FaultKind kind, EmulatorOperations operations, string key, int count = 1, TimeSpan? delay = null) =>
        Emulator.Faults.Add(new FaultRule { Kind = kind, Operations = operations, Index = Locks.Store.Elasticsearch!.Index, DocumentId = key, Count = count, Delay = delay });

    /// <summary>
    /// A one-silo lock cluster on the emulator, reached through one URL or two. Request deadlines run on real time
    /// with a margin no loaded machine reaches, or, with <paramref name="fakeRequestClock"/>, on a fake clock that
    /// only the test moves (then nothing waits on it but deadlines: its tests inject no refusals, whose retry delays
    /// would wait on it too).
    /// </summary>
    public abstract class Fixture(int urls, bool fakeRequestClock) : IAsyncLifetime
    {
        /// <summary>Null against a real cluster, which cannot inject faults.</summary>
        public LockCluster? Locks { get; private set; }

        public EmulatorServer Emulator => Locks?.Store.Elasticsearch?.Emulator!;

        public FakeTimeProvider? RequestClock { get; } = fakeRequestClock ? new FakeTimeProvider() : null;

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
                    o.RequestTimeout = TimeSpan.FromMinutes(1);
                    o.TimeProvider = RequestClock;
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

/// <summary>
/// The lock rules on the Elasticsearch store with the faults injected on the wire, by the emulator, under the
/// official client: latency, 429 and 503 refusals, writes applied before their answer is lost (reset, or cut short),
/// primary-term bumps. Never a false grant, never "not acquired" for a grant that committed, and one write per
/// ownership change. Each variant runs on a cluster of its own, reaching the emulator through one URL or two.
/// </summary>
public abstract class ElasticsearchWireFaultTests(ElasticsearchWireSuite.Fixture fixture) : ElasticsearchWireSuite(fixture)
{
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
}

/// <summary>
/// Writes that Elasticsearch applied while their answer never came: the emulator withholds it, and once it has
/// applied the write the test moves the fake request clock past the deadline, so the timeout happens exactly there
/// however loaded the machine is. The grain settles each by re-reading the nonce.
/// </summary>
public abstract class ElasticsearchWireTimeoutTests(ElasticsearchWireSuite.Fixture fixture) : ElasticsearchWireSuite(fixture)
{
    private async Task<T> TimingOutAsync<T>(FaultRule withheld, Task<T> call)
    {
        await withheld.WhenAppliedAsync(cancellationToken: TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30));
        RequestClock.Advance(TimeSpan.FromMinutes(1));
        return await call.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_grant_applied_before_its_answer_timed_out_is_confirmed_by_its_nonce()
    {
        var key = NewKey();
        await Locks.Lock(key).GetStatus();
        var before = Emulator.Stats.Snapshot();
        var withheld = Fault(FaultKind.ApplyThenTimeout, EmulatorOperations.Create, key);

        var result = await TimingOutAsync(withheld, Locks.Lock(key).TryAcquire("a", Lease).AsTask());

        Assert.Equal((true, 1L), (result.Acquired, result.FencingToken));
        Assert.Equal(1, Emulator.Stats.Snapshot().Create - before.Create);
        Assert.Equal(("a", 1L), ((await Locks.ReadStoredAsync(key)).Owner, (await Locks.ReadStoredAsync(key)).FencingToken));
        Assert.Equal(LockOutcome.HeldByOther, (await Locks.Lock(key).TryAcquire("b", Lease)).Outcome);
    }

    [Fact]
    public async Task A_release_applied_before_its_answer_timed_out_reports_released_and_the_next_grant_moves_the_token_on()
    {
        var key = NewKey();
        var granted = await Locks.Lock(key).TryAcquire("a", Lease);
        var withheld = Fault(FaultKind.ApplyThenTimeout, EmulatorOperations.Index, key);

        Assert.True(await TimingOutAsync(withheld, Locks.Lock(key).Release("a", granted.FencingToken)));

        var next = await Locks.Lock(key).TryAcquire("b", Lease);
        Assert.Equal((true, 2L), (next.Acquired, next.FencingToken));
    }
}

public sealed class ElasticsearchWireFaultsThroughOneUrl() : ElasticsearchWireSuite.Fixture(1, fakeRequestClock: false);

public sealed class ElasticsearchWireFaultsThroughTwoUrls() : ElasticsearchWireSuite.Fixture(2, fakeRequestClock: false);

public sealed class ElasticsearchWireTimeoutsThroughOneUrl() : ElasticsearchWireSuite.Fixture(1, fakeRequestClock: true);

public sealed class ElasticsearchWireTimeoutsThroughTwoUrls() : ElasticsearchWireSuite.Fixture(2, fakeRequestClock: true);

public sealed class ElasticsearchWireFaultsWithOneUrl(ElasticsearchWireFaultsThroughOneUrl fixture)
    : ElasticsearchWireFaultTests(fixture), IClassFixture<ElasticsearchWireFaultsThroughOneUrl>;

public sealed class ElasticsearchWireFaultsWithTwoUrls(ElasticsearchWireFaultsThroughTwoUrls fixture)
    : ElasticsearchWireFaultTests(fixture), IClassFixture<ElasticsearchWireFaultsThroughTwoUrls>;

public sealed class ElasticsearchWireTimeoutsWithOneUrl(ElasticsearchWireTimeoutsThroughOneUrl fixture)
    : ElasticsearchWireTimeoutTests(fixture), IClassFixture<ElasticsearchWireTimeoutsThroughOneUrl>;

public sealed class ElasticsearchWireTimeoutsWithTwoUrls(ElasticsearchWireTimeoutsThroughTwoUrls fixture)
    : ElasticsearchWireTimeoutTests(fixture), IClassFixture<ElasticsearchWireTimeoutsThroughTwoUrls>;
