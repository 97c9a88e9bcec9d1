using Coordination.Locks;

namespace Coordination.Grains.Tests.Grain;

public abstract class WaitingAcquireTests : LockStoreTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Queueing_writes_nothing_and_release_hands_the_lock_to_the_waiter_in_one_write()
    {
        await using var locks = await StartLocksAsync();
        var grain = locks.Lock("k");
        await grain.TryAcquire("a", Lease);

        var writesBefore = locks.Writes;
        var waiting = grain.Acquire("b", Wait, Lease);
        Assert.Equal(1, (await grain.GetStatus()).QueueLength);
        Assert.Equal(writesBefore, locks.Writes);

        Assert.True(await grain.Release("a", 1));
        var granted = await waiting.Within();

        Assert.Equal(new LockResult(true, 2, "b", locks.Clock.GetUtcNow() + Lease, LockOutcome.Acquired), granted);
        Assert.Equal(writesBefore + 1, locks.Writes);
        Assert.Equal(new LockStatus("b", 2, locks.Clock.GetUtcNow() + Lease, 0), await grain.GetStatus());
        Assert.Equal(OwnershipChangeKind.Release, (await locks.ReadStoredAsync("k")).State.LastChange);
    }

    [Fact]
    public async Task Waiters_are_served_in_arrival_order()
    {
        await using var locks = await StartLocksAsync();
        var grain = locks.Lock("k");
        await grain.TryAcquire("a", Lease);
        var b = grain.Acquire("b", Wait, Lease);
        var c = grain.Acquire("c", Wait, Lease);
        var d = grain.Acquire("d", Wait, Lease);
        Assert.Equal(3, (await grain.GetStatus()).QueueLength);

        await grain.Release("a", 1);
        Assert.Equal(2, (await b.Within()).FencingToken);
        Assert.False(c.IsCompleted);
        await grain.Release("b", 2);
        Assert.Equal(3, (await c.Within()).FencingToken);
        await grain.Release("c", 3);
        Assert.Equal(4, (await d.Within()).FencingToken);
    }

    [Fact]
    public async Task A_waiting_call_does_not_delay_try_renew_release_or_status_on_the_same_key()
    {
        await using var locks = await StartLocksAsync();
        var grain = locks.Lock("k");
        await grain.TryAcquire("a", Lease);
        var waiting = grain.Acquire("b", Wait, Lease);

        Assert.Equal(LockOutcome.HeldByOther, (await grain.TryAcquire("c", Lease)).Outcome);
        Assert.Equal(LockOutcome.Renewed, (await grain.Renew("a", 1, Lease)).Outcome);
        Assert.Equal(new LockStatus("a", 1, locks.Clock.GetUtcNow() + Lease, 1), await grain.GetStatus());
        Assert.False(waiting.IsCompleted);

        Assert.True(await grain.Release("a", 1));
        Assert.True((await waiting.Within()).Acquired);
    }

    [Fact]
    public async Task A_waiter_whose_wait_runs_out_leaves_the_queue_without_a_write()
    {
        await using var locks = await StartLocksAsync();
        var grain = locks.Lock("k");
        await grain.TryAcquire("a", Lease);
        var writesBefore = locks.Writes;
        var waiting = grain.Acquire("b", TimeSpan.FromSeconds(5), Lease);
        Assert.Equal(1, (await grain.GetStatus()).QueueLength);

        locks.Clock.Advance(TimeSpan.FromSeconds(5));
        var result = await waiting.Within();

        Assert.Equal(new LockResult(false, 0, "a", locks.Clock.GetUtcNow() + TimeSpan.FromSeconds(25), LockOutcome.WaitTimedOut), result);
        Assert.Equal(0, (await grain.GetStatus()).QueueLength);
        Assert.Equal(writesBefore, locks.Writes);

        // The lock is not handed to a caller that has left.
        await grain.Release("a", 1);
        Assert.Equal(new LockStatus(null, 1, null, 0), await grain.GetStatus());
    }

    [Fact]
    public async Task A_cancelled_waiter_leaves_the_queue_and_its_call_is_cancelled()
    {
        await using var locks = await StartLocksAsync();
        var grain = locks.Lock("k");
        await grain.TryAcquire("a", Lease);
        using var cancellation = new CancellationTokenSource();
        var waiting = grain.Acquire("b", Wait, Lease, cancellation.Token);
        Assert.Equal(1, (await grain.GetStatus()).QueueLength);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.Within());
        Assert.Equal(0, (await grain.GetStatus()).QueueLength);
        await grain.Release("a", 1);
        Assert.Null((await grain.GetStatus()).Holder);
    }

    [Fact]
    public async Task Acquire_on_a_free_lock_is_granted_at_once()
    {
        await using var locks = await StartLocksAsync();
        var (result, writes) = await locks.CountWritesAsync(() => locks.Lock("k").Acquire("a", Wait, Lease));
        Assert.Equal(LockOutcome.Acquired, result.Outcome);
        Assert.Equal(1, writes);
    }

    [Fact]
    public async Task The_holder_acquiring_again_while_others_wait_keeps_its_token_without_queueing()
    {
        await using var locks = await StartLocksAsync();
        var grain = locks.Lock("k");
        await grain.TryAcquire("a", Lease);
        var waiting = grain.Acquire("b", Wait, Lease);

        var again = await grain.Acquire("a", Wait, Lease);

        Assert.Equal(LockOutcome.AlreadyHeld, again.Outcome);
        Assert.Equal(1, (await grain.GetStatus()).QueueLength);
        await grain.Release("a", 1);
        await waiting.Within();
    }

    [Fact]
    public async Task A_full_queue_refuses_more_waiters_at_once()
    {
        await using var locks = await StartLocksAsync(o => o.MaxQueueLength = 2);
        var grain = locks.Lock("k");
        await grain.TryAcquire("a", Lease);
        var b = grain.Acquire("b", Wait, Lease);
        var c = grain.Acquire("c", Wait, Lease);

        var refused = await grain.Acquire("d", Wait, Lease);

        Assert.Equal(new LockResult(false, 0, "a", locks.Clock.GetUtcNow() + Lease, LockOutcome.QueueFull), refused);
        await grain.Release("a", 1);
        await grain.Release("b", (await b.Within()).FencingToken);
        await c.Within();
    }

    [Fact]
    public async Task A_silo_stopping_with_queued_waiters_tells_them_to_retry_and_stops_promptly()
    {
        await using var locks = await StartLocksAsync();
        var grain = locks.Lock("k");
        await grain.TryAcquire("a", Lease);
        var waiting = grain.Acquire("b", Wait, Lease);
        Assert.Equal(1, (await grain.GetStatus()).QueueLength);

        // The manual clock never moves: if waiters did not end, deactivation would wait for them forever.
        await locks.RestartAsync().Within();

        await Assert.ThrowsAsync<LockUnavailableException>(() => waiting.Within());
        Assert.Equal(new LockStatus("a", 1, locks.Clock.GetUtcNow() + Lease, 0), await locks.Lock("k").GetStatus());
    }
}
