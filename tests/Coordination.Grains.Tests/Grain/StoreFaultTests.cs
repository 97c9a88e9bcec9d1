using Coordination.Locks;
using Coordination.Testing;

namespace Coordination.Grains.Tests.Grain;

/// <summary>
/// Conflicts, ambiguous writes and an unreadable store, injected around the real store: never a false grant, and
/// never a lost grant that a caller was told about.
/// </summary>
public abstract class StoreFaultTests(LockClusterFixture fixture) : LockSuite(fixture)
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private GrainStorageProbe Probe => Locks.Probe;

    [Fact]
    public async Task A_write_that_loses_to_a_concurrent_writer_rereads_and_refuses()
    {
        var key = NewKey();
        await Locks.Lock(key).GetStatus();
        Probe.BeforeNextWrite(LockCluster.IdOf(key), () => Locks.WriteStoredAsync(key, s =>
            (s.Owner, s.FencingToken, s.LeaseExpiresAt, s.LeaseDuration) = ("intruder", 1, Clock.GetUtcNow() + Lease, Lease)));

        var (result, writes) = await Locks.CountWritesAsync(key, () => Locks.Lock(key).TryAcquire("a", Lease));

        Assert.Equal(new LockResult(false, 0, "intruder", Clock.GetUtcNow() + Lease, LockOutcome.HeldByOther), result);
        Assert.Equal(1, writes);
        Assert.Equal(0, Probe.PendingFaults(LockCluster.IdOf(key)));
        Assert.Equal(("intruder", 1L), ((await Locks.ReadStoredAsync(key)).Owner, (await Locks.ReadStoredAsync(key)).FencingToken));
        Assert.Equal(new LockStatus("intruder", 1, Clock.GetUtcNow() + Lease, 0), await Locks.Lock(key).GetStatus());
        Assert.Contains(Locks.Logs.GetSnapshot(), r => r.Id.Name == "WriteConflict" && r.Message.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task After_losing_a_race_to_a_writer_that_left_the_lock_free_the_grant_uses_the_next_stored_token()
    {
        var key = NewKey();
        await Locks.Lock(key).GetStatus();
        Probe.BeforeNextWrite(LockCluster.IdOf(key), () => Locks.WriteStoredAsync(key, s => s.FencingToken = 41));

        var (result, writes) = await Locks.CountWritesAsync(key, () => Locks.Lock(key).TryAcquire("a", Lease));

        Assert.Equal(new LockResult(true, 42, "a", Clock.GetUtcNow() + Lease, LockOutcome.Acquired), result);
        Assert.Equal(2, writes);
        Assert.Equal(("a", 42L), ((await Locks.ReadStoredAsync(key)).Owner, (await Locks.ReadStoredAsync(key)).FencingToken));
    }

    [Fact]
    public async Task An_ambiguous_write_that_landed_is_confirmed_by_its_nonce_and_reported_as_acquired()
    {
        var key = NewKey();
        Probe.InjectWriteFault(LockCluster.IdOf(key), StorageFault.ApplyThenLoseResponse);

        var (result, writes) = await Locks.CountWritesAsync(key, () => Locks.Lock(key).TryAcquire("a", Lease));

        Assert.Equal(new LockResult(true, 1, "a", Clock.GetUtcNow() + Lease, LockOutcome.Acquired), result);
        Assert.Equal(1, writes);
        Assert.Equal(LockOutcome.HeldByOther, (await Locks.Lock(key).TryAcquire("b", Lease)).Outcome);
        Assert.True(await Locks.Lock(key).Release("a", 1));
        var logged = Locks.Logs.GetSnapshot().Where(r => r.Message.Contains(key, StringComparison.Ordinal)).Select(r => r.Id.Name).ToList();
        Assert.Contains("WriteOutcomeUnknown", logged);
        Assert.Single(Locks.Logs.GetSnapshot(), r => r.Id.Name == "WriteOutcomeResolved" && r.Message == $"Lock {key}: the unconfirmed write landed");
    }

    [Fact]
    public async Task An_ambiguous_write_that_did_not_land_is_found_out_and_decided_again()
    {
        var key = NewKey();
        Probe.InjectWriteFault(LockCluster.IdOf(key), StorageFault.FailWithoutApplying);

        var (result, writes) = await Locks.CountWritesAsync(key, () => Locks.Lock(key).TryAcquire("a", Lease));

        Assert.Equal(new LockResult(true, 1, "a", Clock.GetUtcNow() + Lease, LockOutcome.Acquired), result);
        Assert.Equal(2, writes);
        Assert.Equal(("a", 1L), ((await Locks.ReadStoredAsync(key)).Owner, (await Locks.ReadStoredAsync(key)).FencingToken));
    }

    [Fact]
    public async Task An_ambiguous_write_with_an_unreadable_store_answers_unavailable_and_the_grant_is_never_lost()
    {
        var key = NewKey();
        await Locks.Lock(key).GetStatus();
        Probe.InjectWriteFault(LockCluster.IdOf(key), StorageFault.ApplyThenLoseResponse);
        Probe.FailNextReads(LockCluster.IdOf(key), 1);

        var error = await Assert.ThrowsAsync<LockUnavailableException>(() => Locks.Lock(key).TryAcquire("a", Lease).AsTask());
        Assert.Contains("retry", error.Message, StringComparison.Ordinal);

        // The write did land: the caller retries as the same owner and gets the very grant it was not told about.
        var retried = await Locks.Lock(key).TryAcquire("a", Lease);
        Assert.Equal((true, 1L), (retried.Acquired, retried.FencingToken));
        Assert.Equal(LockOutcome.HeldByOther, (await Locks.Lock(key).TryAcquire("b", Lease)).Outcome);
        Assert.Contains(Locks.Logs.GetSnapshot(), r => r.Id.Name == "StateLost" && r.Message.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_ambiguous_handoff_is_confirmed_and_the_waiter_gets_the_lock()
    {
        var key = NewKey();
        var grain = Locks.Lock(key);
        await grain.TryAcquire("a", Lease);
        var waiting = grain.Acquire("b", TimeSpan.FromMinutes(1), Lease);
        await Locks.WaitForQueueLengthAsync(key, 1);
        Probe.InjectWriteFault(LockCluster.IdOf(key), StorageFault.ApplyThenLoseResponse);

        var (released, writes) = await Locks.CountWritesAsync(key, () => grain.Release("a", 1));

        Assert.True(released);
        Assert.Equal(1, writes);
        Assert.Equal(new LockResult(true, 2, "b", Clock.GetUtcNow() + Lease, LockOutcome.Acquired), await waiting.Within());
    }

    [Fact]
    public async Task A_handoff_that_did_not_land_is_written_again_and_the_waiter_gets_the_lock()
    {
        var key = NewKey();
        var grain = Locks.Lock(key);
        await grain.TryAcquire("a", Lease);
        var waiting = grain.Acquire("b", TimeSpan.FromMinutes(1), Lease);
        await Locks.WaitForQueueLengthAsync(key, 1);
        Probe.InjectWriteFault(LockCluster.IdOf(key), StorageFault.FailWithoutApplying);

        var (released, writes) = await Locks.CountWritesAsync(key, () => grain.Release("a", 1));

        Assert.True(released);
        Assert.Equal(2, writes);
        Assert.Equal(new LockResult(true, 2, "b", Clock.GetUtcNow() + Lease, LockOutcome.Acquired), await waiting.Within());
        Assert.Equal(("b", 2L), ((await Locks.ReadStoredAsync(key)).Owner, (await Locks.ReadStoredAsync(key)).FencingToken));
    }

    [Fact]
    public async Task A_store_that_cannot_be_read_at_activation_fails_the_call_clearly_and_the_next_call_retries()
    {
        var key = NewKey();
        Probe.FailNextReads(LockCluster.IdOf(key), 1);

        // Orleans fails the activation, and the call with it, naming the storage provider and its error.
        var error = await Assert.ThrowsAsync<OrleansException>(() => Locks.Lock(key).TryAcquire("a", Lease).AsTask());
        Assert.Contains("Error from storage provider", error.Message, StringComparison.Ordinal);
        Assert.Contains("Injected fault: the store is unreachable for reading", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, Locks.Writes(key));

        Assert.Equal(new LockResult(true, 1, "a", Clock.GetUtcNow() + Lease, LockOutcome.Acquired), await Locks.Lock(key).TryAcquire("a", Lease));
    }

    [Fact]
    public async Task Waiters_are_told_to_retry_when_the_activation_loses_its_state()
    {
        var key = NewKey();
        var grain = Locks.Lock(key);
        await grain.TryAcquire("a", Lease);
        var waiting = grain.Acquire("b", TimeSpan.FromMinutes(1), Lease);
        await Locks.WaitForQueueLengthAsync(key, 1);
        Probe.InjectWriteFault(LockCluster.IdOf(key), StorageFault.FailWithoutApplying);
        Probe.FailNextReads(LockCluster.IdOf(key), 1);

        await Assert.ThrowsAsync<LockUnavailableException>(() => grain.Release("a", 1));
        await Assert.ThrowsAsync<LockUnavailableException>(() => waiting.Within());

        // A new activation reads the truth: the release never landed, so a still holds the lock, with nobody queued.
        Assert.Equal(new LockStatus("a", 1, Clock.GetUtcNow() + Lease, 0), await grain.GetStatus());
        Assert.True(await grain.Release("a", 1));
    }

    [Fact]
    public async Task A_grant_that_lands_after_the_grain_gave_up_on_it_is_recognised_by_its_nonce()
    {
        var key = NewKey();
        await Locks.Lock(key).GetStatus();
        Probe.InjectWriteFault(LockCluster.IdOf(key), StorageFault.LandLater);
        // The retry is about to be written when the delayed first write finally lands.
        Probe.BeforeNextWrite(LockCluster.IdOf(key), () => LandOneAsync());

        var result = await Locks.Lock(key).TryAcquire("a", Lease);

        Assert.Equal(new LockResult(true, 1, "a", Clock.GetUtcNow() + Lease, LockOutcome.Acquired), result);
        Assert.Equal(("a", 1L), ((await Locks.ReadStoredAsync(key)).Owner, (await Locks.ReadStoredAsync(key)).FencingToken));
        Assert.Equal(0, Probe.PendingFaults(LockCluster.IdOf(key)));
    }

    [Fact]
    public async Task A_release_that_lands_late_still_reports_released()
    {
        var key = NewKey();
        await Locks.Lock(key).TryAcquire("a", Lease);
        Probe.InjectWriteFault(LockCluster.IdOf(key), StorageFault.LandLater);
        Probe.BeforeNextWrite(LockCluster.IdOf(key), () => LandOneAsync());

        Assert.True(await Locks.Lock(key).Release("a", 1));

        Assert.Equal(new LockStatus(null, 1, null, 0), await Locks.Lock(key).GetStatus());
        Assert.Equal((null, OwnershipChangeKind.Release), ((await Locks.ReadStoredAsync(key)).Owner, (await Locks.ReadStoredAsync(key)).LastChange));
    }

    [Fact]
    public async Task A_waiter_whose_wait_runs_out_while_its_handoff_is_unconfirmed_is_told_the_truth_when_it_lands()
    {
        var key = NewKey();
        var grain = Locks.Lock(key);
        await grain.TryAcquire("a", Lease);
        var waiting = grain.Acquire("b", TimeSpan.FromSeconds(5), Lease);
        await Locks.WaitForQueueLengthAsync(key, 1);

        // The handoff write is delayed; the retry then pauses until the test lets it go.
        var retryReached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var letRetryGo = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Probe.InjectWriteFault(LockCluster.IdOf(key), StorageFault.LandLater);
        Probe.BeforeNextWrite(LockCluster.IdOf(key), async () =>
        {
            retryReached.SetResult();
            await letRetryGo.Task;
        });

        var release = grain.Release("a", 1);
        await retryReached.Task.Within();
        var handedOverAt = Clock.GetUtcNow();
        Clock.Advance(TimeSpan.FromSeconds(5));      // b's wait runs out while its handoff is unconfirmed
        Assert.Equal(1, await Probe.LandDelayedWritesAsync());
        letRetryGo.SetResult();

        Assert.True(await release.Within());
        Assert.Equal(new LockResult(true, 2, "b", handedOverAt + Lease, LockOutcome.Acquired), await waiting.Within());
        Assert.Equal(("b", 2L), ((await grain.GetStatus()).Holder, (await grain.GetStatus()).FencingToken));
    }

    [Fact]
    public async Task A_store_error_that_Orleans_cannot_serialize_reaches_the_caller_as_lock_unavailable()
    {
        var key = NewKey();
        var grain = Locks.Lock(key);
        await grain.TryAcquire("a", Lease);
        Probe.FailNextReads(LockCluster.IdOf(key), 1, message => new StoreOwnException(message));

        // A renewal confirms the holder with a read, which fails with an exception type of the store's own.
        var error = await Assert.ThrowsAsync<LockUnavailableException>(() => grain.Renew("a", 1, Lease));

        Assert.Contains("StoreOwnException: Injected fault: the store is unreachable for reading", error.Message, StringComparison.Ordinal);
        var logged = Assert.Single(Locks.Logs.GetSnapshot(), r => r.Id.Name == "ConfirmFailed" && r.Message.Contains(key, StringComparison.Ordinal));
        Assert.IsType<StoreOwnException>(logged.Exception?.GetBaseException());
        Assert.Equal(LockOutcome.Renewed, (await grain.Renew("a", 1, Lease)).Outcome);
    }

    [Fact]
    public async Task A_store_error_that_Orleans_cannot_serialize_after_an_ambiguous_write_reaches_the_caller_as_lock_unavailable()
    {
        var key = NewKey();
        await Locks.Lock(key).GetStatus();
        Probe.InjectWriteFault(LockCluster.IdOf(key), StorageFault.ApplyThenLoseResponse, message => new StoreOwnException(message));
        Probe.FailNextReads(LockCluster.IdOf(key), 1, message => new StoreOwnException(message));

        var error = await Assert.ThrowsAsync<LockUnavailableException>(() => Locks.Lock(key).TryAcquire("a", Lease).AsTask());

        Assert.Contains("StoreOwnException", error.Message, StringComparison.Ordinal);
        Assert.Equal((true, 1L), ((await Locks.Lock(key).TryAcquire("a", Lease)).Acquired, (await Locks.Lock(key).GetStatus()).FencingToken));
    }

    private async Task LandOneAsync() => Assert.Equal(1, await Probe.LandDelayedWritesAsync());
}

/// <summary>An error type of a store's own, without Orleans serializers: Orleans cannot carry it to a caller.</summary>
internal sealed class StoreOwnException(string message) : Exception(message);
