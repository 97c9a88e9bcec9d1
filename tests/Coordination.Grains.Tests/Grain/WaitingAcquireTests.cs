using Coordination.Locks;

namespace Coordination.Grains.Tests.Grain;

/// <summary>Acquire with a wait: the FIFO queue, handoffs in one write, timeouts, cancellation and silo stops.</summary>
public abstract class WaitingAcquireTests(LockClusterFixture fixture) : LockSuite(fixture)
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Queueing_writes_nothing_and_release_hands_the_lock_to_the_waiter_in_one_write()
    {
        var key = NewKey();
        var grain = Locks.Lock(key);
        await grain.TryAcquire("a", Lease);

        var writesBefore = Locks.Writes(key);
        var waiting = grain.Acquire("b", Wait, Lease);
        await Locks.WaitForQueueLengthAsync(key, 1);
        Assert.Equal(writesBefore, Locks.Writes(key));

        Assert.True(await grain.Release("a", 1));
        var granted = await waiting.Within();

        Assert.Equal(new LockResult(true, 2, "b", Clock.GetUtcNow() + Lease, LockOutcome.Acquired), granted);
        Assert.Equal(writesBefore + 1, Locks.Writes(key));
        Assert.Equal(new LockStatus("b", 2, Clock.GetUtcNow() + Lease, 0), await grain.GetStatus());
        var stored = await Locks.ReadStoredAsync(key);
        Assert.Equal(("b", 2L, OwnershipChangeKind.Release), (stored.Owner, stored.FencingToken, stored.LastChange));
    }

    [Fact]
    public async Task Waiters_are_served_in_arrival_order()
    {
        var key = NewKey();
        var grain = Locks.Lock(key);
        await grain.TryAcquire("a", Lease);
        var waiters = new List<Task<LockResult>>();
        foreach (var owner in new[] { "b", "c", "d" })
        {
            waiters.Add(grain.Acquire(owner, Wait, Lease));
            await Locks.WaitForQueueLengthAsync(key, waiters.Count);
        }

        var (b, c, d) = (waiters[0], waiters[1], waiters[2]);
        Assert.True(await grain.Release("a", 1));
        Assert.Equal(("b", 2L), ((await b.Within()).Holder, (await b).FencingToken));
        Assert.Equal(2, (await grain.GetStatus()).QueueLength);
        Assert.False(c.IsCompleted || d.IsCompleted);
        Assert.True(await grain.Release("b", 2));
        Assert.Equal(("c", 3L), ((await c.Within()).Holder, (await c).FencingToken));
        Assert.False(d.IsCompleted);
        Assert.True(await grain.Release("c", 3));
        Assert.Equal(("d", 4L), ((await d.Within()).Holder, (await d).FencingToken));
    }

    [Fact]
    public async Task A_waiting_call_does_not_delay_try_renew_release_or_status_on_the_same_key()
    {
        var key = NewKey();
        var grain = Locks.Lock(key);
        await grain.TryAcquire("a", Lease);
        var waiting = grain.Acquire("b", Wait, Lease);
        await Locks.WaitForQueueLengthAsync(key, 1);

        Assert.Equal(LockOutcome.HeldByOther, (await grain.TryAcquire("c", Lease).Within()).Outcome);
        Assert.Equal(LockOutcome.Renewed, (await grain.Renew("a", 1, Lease).Within()).Outcome);
        Assert.Equal(new LockStatus("a", 1, Clock.GetUtcNow() + Lease, 1), await grain.GetStatus().Within());
        Assert.False(waiting.IsCompleted);

        Assert.True(await grain.Release("a", 1).Within());
        Assert.Equal(("b", 2L), ((await waiting.Within()).Holder, (await waiting).FencingToken));
    }

    [Fact]
    public async Task A_waiter_whose_wait_runs_out_leaves_the_queue_without_a_write()
    {
        var key = NewKey();
        var grain = Locks.Lock(key);
        await grain.TryAcquire("a", Lease);
        var writesBefore = Locks.Writes(key);
        var waiting = grain.Acquire("b", TimeSpan.FromSeconds(5), Lease);
        await Locks.WaitForQueueLengthAsync(key, 1);

        Clock.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Equal(1, (await grain.GetStatus()).QueueLength);
        Clock.Advance(TimeSpan.FromSeconds(0.1));
        var result = await waiting.Within();

        Assert.Equal(new LockResult(false, 0, "a", Clock.GetUtcNow() + TimeSpan.FromSeconds(25), LockOutcome.WaitTimedOut), result);
        Assert.Equal(0, (await grain.GetStatus()).QueueLength);
        Assert.Equal(writesBefore, Locks.Writes(key));

        // The lock is not handed to a caller that has left.
        Assert.True(await grain.Release("a", 1));
        Assert.Equal(new LockStatus(null, 1, null, 0), await grain.GetStatus());
        Assert.Null((await Locks.ReadStoredAsync(key)).Owner);
    }

    [Fact]
    public async Task A_cancelled_waiter_leaves_the_queue_and_its_call_is_cancelled()
    {
        var key = NewKey();
        var grain = Locks.Lock(key);
        await grain.TryAcquire("a", Lease);
        using var cancellation = new CancellationTokenSource();
        var waiting = grain.Acquire("b", Wait, Lease, cancellation.Token);
        await Locks.WaitForQueueLengthAsync(key, 1);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.Within());
        // The cancellation reaches the silo as a message of its own.
        await Locks.WaitForQueueLengthAsync(key, 0);
        Assert.True(await grain.Release("a", 1));
        Assert.Equal(new LockStatus(null, 1, null, 0), await grain.GetStatus());
    }

    [Fact]
    public async Task Acquire_on_a_free_lock_is_granted_at_once_in_one_write()
    {
        var key = NewKey();
        var (result, writes) = await Locks.CountWritesAsync(key, () => Locks.Lock(key).Acquire("a", Wait, Lease));

        Assert.Equal(new LockResult(true, 1, "a", Clock.GetUtcNow() + Lease, LockOutcome.Acquired), result);
        Assert.Equal(1, writes);
    }

    [Fact]
    public async Task The_holder_acquiring_again_while_others_wait_keeps_its_token_without_queueing_or_writing()
    {
        var key = NewKey();
        var grain = Locks.Lock(key);
        await grain.TryAcquire("a", Lease);
        var waiting = grain.Acquire("b", Wait, Lease);
        await Locks.WaitForQueueLengthAsync(key, 1);

        var (again, writes) = await Locks.CountWritesAsync(key, () => grain.Acquire("a", Wait, Lease));

        Assert.Equal(new LockResult(true, 1, "a", Clock.GetUtcNow() + Lease, LockOutcome.AlreadyHeld), again);
        Assert.Equal(0, writes);
        Assert.Equal(1, (await grain.GetStatus()).QueueLength);
        Assert.True(await grain.Release("a", 1));
        Assert.Equal(2, (await waiting.Within()).FencingToken);
    }

    [Fact]
    public async Task An_owner_queued_twice_is_answered_on_both_calls_by_one_handoff()
    {
        var key = NewKey();
        var grain = Locks.Lock(key);
        await grain.TryAcquire("a", Lease);
        var first = grain.Acquire("b", Wait, Lease);
        await Locks.WaitForQueueLengthAsync(key, 1);
        var second = grain.Acquire("b", Wait, Lease);
        await Locks.WaitForQueueLengthAsync(key, 2);
        var writesBefore = Locks.Writes(key);

        Assert.True(await grain.Release("a", 1));

        Assert.Equal(new LockResult(true, 2, "b", Clock.GetUtcNow() + Lease, LockOutcome.Acquired), await first.Within());
        Assert.Equal(new LockResult(true, 2, "b", Clock.GetUtcNow() + Lease, LockOutcome.AlreadyHeld), await second.Within());
        Assert.Equal(writesBefore + 1, Locks.Writes(key));
        Assert.Equal(new LockStatus("b", 2, Clock.GetUtcNow() + Lease, 0), await grain.GetStatus());
    }

    [Fact]
    public async Task A_full_queue_refuses_more_waiters_at_once()
    {
        await using var locks = await Fixture.StartPrivateAsync(spec => spec with { ConfigureLocks = o => o.MaxQueueLength = 2 });
        var grain = locks.Lock("k");
        await grain.TryAcquire("a", Lease);
        var b = grain.Acquire("b", Wait, Lease);
        await locks.WaitForQueueLengthAsync("k", 1);
        var c = grain.Acquire("c", Wait, Lease);
        await locks.WaitForQueueLengthAsync("k", 2);

        var refused = await grain.Acquire("d", Wait, Lease).Within();

        Assert.Equal(new LockResult(false, 0, "a", locks.Clock.GetUtcNow() + Lease, LockOutcome.QueueFull), refused);
        Assert.Equal(2, (await grain.GetStatus()).QueueLength);
        Assert.True(await grain.Release("a", 1));
        Assert.True(await grain.Release("b", (await b.Within()).FencingToken));
        Assert.Equal(3, (await c.Within()).FencingToken);
    }

    [Fact]
    public async Task A_wait_longer_than_the_default_response_timeout_is_still_answered()
    {
        // Orleans times calls out on its messaging clock; here that clock is the test's too, so minutes pass at once, and
        // a call with the default response timeout (30 seconds) would fail.
        await using var locks = await Fixture.StartPrivateAsync(spec => spec with { FakeMessagingClock = true });
        var caller = locks.Silos[0];
        var grain = LockCluster.Lock(caller, "k");
        await grain.TryAcquire("a", TimeSpan.FromMinutes(10));
        var waiting = grain.Acquire("b", TimeSpan.FromMinutes(10), Lease);
        await locks.WaitForQueueLengthAsync("k", 1);

        for (var minute = 0; minute < 5; minute++)
        {
            locks.Clock.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(1, (await grain.GetStatus()).QueueLength);
        }

        Assert.False(waiting.IsCompleted);
        Assert.True(await grain.Release("a", 1));
        Assert.Equal(new LockResult(true, 2, "b", locks.Clock.GetUtcNow() + Lease, LockOutcome.Acquired), await waiting.Within());
    }

    [Fact]
    public async Task A_silo_stopping_with_queued_waiters_tells_them_to_retry_and_stops_promptly()
    {
        await using var locks = await Fixture.StartPrivateAsync();
        var grain = locks.Lock("k");
        await grain.TryAcquire("a", Lease);
        using var abandon = new CancellationTokenSource();
        var waiting = grain.Acquire("b", Wait, Lease, abandon.Token);
        await locks.WaitForQueueLengthAsync("k", 1);
        var host = await locks.HostOfAsync("k");

        // The grain clock never moves: if the waiter were not told, the stop would wait for it until Orleans gave up.
        await locks.Cluster.StopSiloAsync(host).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Single(locks.Logs.GetSnapshot(), r => r.Id.Name == "WaiterToldToRetry" && r.Message == "Lock k: told waiter b to retry, as this silo is stopping");
        // The caller hears it, unless Orleans closed the caller's gateway connection before the answer left: Orleans then
        // leaves the call waiting for its response timeout (the lock client sends such waits again; see the client's
        // DepartingSiloWaitTests). Cancelling ends a call left so; a call already answered keeps its answer.
        abandon.Cancel();
        var heard = await Assert.ThrowsAnyAsync<Exception>(() => waiting.Within());
        if (heard is not OperationCanceledException)
        {
            AssertToldToRetry(heard);
        }

        if (locks.Store.OutlivesSilos)
        {
            // Another silo serves the key from the store (a new one, if the only silo stopped): the holder kept its lock,
            // and the waiter was let go.
            var server = locks.Silos.Count > 0 ? locks.Silos[0] : await locks.Cluster.StartAdditionalSiloAsync();
            Assert.Equal(new LockStatus("a", 1, locks.Clock.GetUtcNow() + Lease, 0), await LockCluster.Lock(server, "k").GetStatus());
        }
    }

    /// <summary>
    /// The lock answers its waiters "retry" as its silo starts stopping. The answer races the silo's own announcement
    /// that it is shutting down, on which the caller's runtime fails the call as sent to a lost silo, also a "retry".
    /// </summary>
    internal static void AssertToldToRetry(Exception error)
    {
        switch (error)
        {
            case LockUnavailableException unavailable:
                Assert.Contains("its silo is stopping; retry", unavailable.Message, StringComparison.Ordinal);
                break;
            case SiloUnavailableException:
                break;
            default:
                Assert.Fail($"The waiter was not told to retry: {error}");
                break;
        }
    }
}
