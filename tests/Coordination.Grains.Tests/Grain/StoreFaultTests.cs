using Coordination.Locks;
using Coordination.TestingHost;

namespace Coordination.Grains.Tests.Grain;

/// <summary>Conflicts, ambiguous writes and an unreadable store never cause a false or a double grant.</summary>
public abstract class StoreFaultTests : LockStoreTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_write_that_loses_to_a_concurrent_writer_rereads_and_refuses()
    {
        await using var locks = await StartLocksAsync();
        await locks.Lock("k").GetStatus();
        locks.Faults.BeforeNextWrite(() => locks.WriteStoredAsync("k", s =>
        {
            s.Owner = "intruder";
            s.FencingToken = 1;
            s.LeaseExpiresAt = locks.Clock.GetUtcNow() + Lease;
            s.LeaseDuration = Lease;
        }));

        var result = await locks.Lock("k").TryAcquire("a", Lease);

        Assert.Equal(LockOutcome.HeldByOther, result.Outcome);
        Assert.Equal("intruder", result.Holder);
        Assert.Equal("intruder", (await locks.ReadStoredAsync("k")).State.Owner);
        Assert.Equal("intruder", (await locks.Lock("k").GetStatus()).Holder);
    }

    [Fact]
    public async Task After_losing_a_race_to_a_writer_that_left_the_lock_free_the_grant_uses_the_next_stored_token()
    {
        await using var locks = await StartLocksAsync();
        await locks.Lock("k").GetStatus();
        locks.Faults.BeforeNextWrite(() => locks.WriteStoredAsync("k", s => s.FencingToken = 41));

        var result = await locks.Lock("k").TryAcquire("a", Lease);

        Assert.Equal(LockOutcome.Acquired, result.Outcome);
        Assert.Equal(42, result.FencingToken);
    }

    [Fact]
    public async Task An_ambiguous_write_that_landed_is_confirmed_by_its_nonce_and_reported_as_acquired()
    {
        await using var locks = await StartLocksAsync();
        locks.Faults.InjectWriteFault(StorageFault.ApplyThenLoseResponse);

        var result = await locks.Lock("k").TryAcquire("a", Lease);

        Assert.Equal(LockOutcome.Acquired, result.Outcome);
        Assert.Equal(1, result.FencingToken);
        Assert.Equal(1, locks.Writes);
        Assert.Equal(LockOutcome.HeldByOther, (await locks.Lock("k").TryAcquire("b", Lease)).Outcome);
        Assert.True(await locks.Lock("k").Release("a", 1));
    }

    [Fact]
    public async Task An_ambiguous_write_that_did_not_land_is_found_out_and_decided_again()
    {
        await using var locks = await StartLocksAsync();
        locks.Faults.InjectWriteFault(StorageFault.FailWithoutApplying);

        var result = await locks.Lock("k").TryAcquire("a", Lease);

        Assert.Equal(LockOutcome.Acquired, result.Outcome);
        Assert.Equal(1, result.FencingToken);
        Assert.Equal(2, locks.Writes);
    }

    [Fact]
    public async Task An_ambiguous_write_with_an_unreadable_store_answers_unavailable_and_the_grant_is_never_lost()
    {
        await using var locks = await StartLocksAsync();
        await locks.Lock("k").GetStatus();
        locks.Faults.InjectWriteFault(StorageFault.ApplyThenLoseResponse);
        locks.Faults.FailNextReads(1);

        await Assert.ThrowsAsync<LockUnavailableException>(() => locks.Lock("k").TryAcquire("a", Lease).AsTask());

        // The write did land: the caller retries as the same owner and gets the very grant it was not told about.
        var retried = await locks.Lock("k").TryAcquire("a", Lease);
        Assert.True(retried.Acquired);
        Assert.Equal(1, retried.FencingToken);
        Assert.Equal(LockOutcome.HeldByOther, (await locks.Lock("k").TryAcquire("b", Lease)).Outcome);
    }

    [Fact]
    public async Task An_ambiguous_handoff_is_confirmed_and_the_waiter_gets_the_lock()
    {
        await using var locks = await StartLocksAsync();
        var grain = locks.Lock("k");
        await grain.TryAcquire("a", Lease);
        var waiting = grain.Acquire("b", TimeSpan.FromMinutes(1), Lease);
        Assert.Equal(1, (await grain.GetStatus()).QueueLength);
        locks.Faults.InjectWriteFault(StorageFault.ApplyThenLoseResponse);

        Assert.True(await grain.Release("a", 1));

        Assert.Equal(new LockResult(true, 2, "b", locks.Clock.GetUtcNow() + Lease, LockOutcome.Acquired), await waiting.Within());
    }

    [Fact]
    public async Task A_store_that_cannot_be_read_at_activation_fails_the_call_clearly_and_the_next_call_retries()
    {
        await using var locks = await StartLocksAsync();
        locks.Faults.FailNextReads(1);

        var error = await Assert.ThrowsAsync<GrainActivationException>(() => locks.Lock("k").TryAcquire("a", Lease).AsTask());
        Assert.Contains("unreachable", error.Message, StringComparison.Ordinal);

        Assert.True((await locks.Lock("k").TryAcquire("a", Lease)).Acquired);
    }

    [Fact]
    public async Task Waiters_are_told_to_retry_when_the_activation_loses_its_state()
    {
        await using var locks = await StartLocksAsync();
        var grain = locks.Lock("k");
        await grain.TryAcquire("a", Lease);
        var waiting = grain.Acquire("b", TimeSpan.FromMinutes(1), Lease);
        Assert.Equal(1, (await grain.GetStatus()).QueueLength);
        locks.Faults.InjectWriteFault(StorageFault.FailWithoutApplying);
        locks.Faults.FailNextReads(1);

        await Assert.ThrowsAsync<LockUnavailableException>(() => grain.Release("a", 1));
        await Assert.ThrowsAsync<LockUnavailableException>(() => waiting.Within());

        // A new activation reads the truth: the release never landed, so "a" still holds the lock.
        Assert.Equal("a", (await grain.GetStatus()).Holder);
        Assert.True(await grain.Release("a", 1));
    }

    [Fact]
    public async Task A_grant_that_lands_after_the_grain_gave_up_on_it_is_recognised_by_its_nonce()
    {
        await using var locks = await StartLocksAsync();
        await locks.Lock("k").GetStatus();
        locks.Faults.InjectWriteFault(StorageFault.LandLater);
        // The retry is about to be written when the delayed first write finally lands.
        locks.Faults.BeforeNextWrite(() => locks.Faults.LandDelayedWritesAsync());

        var result = await locks.Lock("k").TryAcquire("a", Lease);

        Assert.Equal(new LockResult(true, 1, "a", locks.Clock.GetUtcNow() + Lease, LockOutcome.Acquired), result);
        Assert.Equal(1, (await locks.ReadStoredAsync("k")).State.FencingToken);
    }

    [Fact]
    public async Task A_release_that_lands_late_still_reports_released()
    {
        await using var locks = await StartLocksAsync();
        await locks.Lock("k").TryAcquire("a", Lease);
        locks.Faults.InjectWriteFault(StorageFault.LandLater);
        locks.Faults.BeforeNextWrite(() => locks.Faults.LandDelayedWritesAsync());

        Assert.True(await locks.Lock("k").Release("a", 1));
        Assert.Null((await locks.Lock("k").GetStatus()).Holder);
    }

    [Fact]
    public async Task A_waiter_whose_wait_runs_out_while_its_handoff_is_unconfirmed_is_told_the_truth_when_it_lands()
    {
        await using var locks = await StartLocksAsync();
        var grain = locks.Lock("k");
        await grain.TryAcquire("a", Lease);
        var waiting = grain.Acquire("b", TimeSpan.FromSeconds(5), Lease);
        Assert.Equal(1, (await grain.GetStatus()).QueueLength);

        // The handoff write is delayed; the retry then pauses until the test lets it go.
        var retryReached = new TaskCompletionSource();
        var letRetryGo = new TaskCompletionSource();
        locks.Faults.InjectWriteFault(StorageFault.LandLater);
        locks.Faults.BeforeNextWrite(async () =>
        {
            retryReached.SetResult();
            await letRetryGo.Task;
        });

        var release = grain.Release("a", 1);
        await retryReached.Task.Within();
        locks.Clock.Advance(TimeSpan.FromSeconds(5));      // b's wait runs out while its handoff is unconfirmed
        Assert.Equal(1, await locks.Faults.LandDelayedWritesAsync());
        letRetryGo.SetResult();

        Assert.True(await release.Within());
        Assert.Equal(new LockResult(true, 2, "b", locks.Clock.GetUtcNow() - TimeSpan.FromSeconds(5) + Lease, LockOutcome.Acquired), await waiting.Within());
        Assert.Equal("b", (await grain.GetStatus()).Holder);
    }
}
