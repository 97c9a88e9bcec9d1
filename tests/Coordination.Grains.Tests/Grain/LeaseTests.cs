using Coordination.Locks;

namespace Coordination.Grains.Tests.Grain;

/// <summary>Leases on the grain clock: expiry by the lease timer, renewals in memory, and the grace a new activation gives.</summary>
public abstract class LeaseTests(LockClusterFixture fixture) : LockSuite(fixture)
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(10);

    // A call that does not interleave and never writes or reads: once it is answered, the timer ticks queued
    // before it (by moving the clock) have run to the end.
    private static Task Barrier(ILockGrain grain) => grain.Renew("barrier", 1, Lease);

    [Fact]
    public async Task The_lease_timer_frees_an_expired_lock_in_one_write_without_any_client_call()
    {
        var key = NewKey();
        var grain = Locks.Lock(key);
        await grain.TryAcquire("a", Lease);
        var writesBefore = Locks.Writes(key);

        Clock.Advance(TimeSpan.FromSeconds(9.9));
        await Barrier(grain);
        Assert.Equal(("a", writesBefore), ((await Locks.ReadStoredAsync(key)).Owner, Locks.Writes(key)));

        Clock.Advance(TimeSpan.FromSeconds(0.1));
        await Barrier(grain);

        var stored = await Locks.ReadStoredAsync(key);
        Assert.Equal((null, 1L, OwnershipChangeKind.Expiry), (stored.Owner, stored.FencingToken, stored.LastChange));
        Assert.Equal(writesBefore + 1, Locks.Writes(key));
        Assert.Equal(new LockStatus(null, 1, null, 0), await grain.GetStatus());
        var (next, writes) = await Locks.CountWritesAsync(key, () => grain.TryAcquire("b", Lease));
        Assert.Equal((2L, 1L), (next.FencingToken, writes));
    }

    [Fact]
    public async Task Expiry_hands_the_lock_to_the_head_waiter_in_one_write_without_any_client_call()
    {
        var key = NewKey();
        var grain = Locks.Lock(key);
        await grain.TryAcquire("a", Lease);
        var waiting = grain.Acquire("b", TimeSpan.FromMinutes(5), Lease);
        await Locks.WaitForQueueLengthAsync(key, 1);
        var writesBefore = Locks.Writes(key);

        Clock.Advance(Lease);
        var granted = await waiting.Within();

        Assert.Equal(new LockResult(true, 2, "b", Clock.GetUtcNow() + Lease, LockOutcome.Acquired), granted);
        Assert.Equal(writesBefore + 1, Locks.Writes(key));
        var stored = await Locks.ReadStoredAsync(key);
        Assert.Equal(("b", 2L, OwnershipChangeKind.Expiry), (stored.Owner, stored.FencingToken, stored.LastChange));
    }

    [Fact]
    public async Task Renewals_keep_the_lock_past_its_first_lease_and_write_nothing()
    {
        var key = NewKey();
        var grain = Locks.Lock(key);
        await grain.TryAcquire("a", Lease);
        var writesBefore = Locks.Writes(key);

        for (var i = 0; i < 5; i++)
        {
            Clock.Advance(TimeSpan.FromSeconds(8));
            Assert.Equal(new LockResult(true, 1, "a", Clock.GetUtcNow() + Lease, LockOutcome.Renewed), await grain.Renew("a", 1, Lease));
        }

        Assert.Equal(new LockStatus("a", 1, Clock.GetUtcNow() + Lease, 0), await grain.GetStatus());
        Assert.Equal(LockOutcome.HeldByOther, (await grain.TryAcquire("b", Lease)).Outcome);
        Assert.Equal(writesBefore, Locks.Writes(key));
    }

    [Fact]
    public async Task A_shorter_renewal_never_cuts_the_lease_already_granted()
    {
        var key = NewKey();
        var grain = Locks.Lock(key);
        var granted = await grain.TryAcquire("a", TimeSpan.FromSeconds(30));

        var renewed = await grain.Renew("a", 1, TimeSpan.FromSeconds(5));

        Assert.Equal(granted.LeaseExpiresAt, renewed.LeaseExpiresAt);
        Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(LockOutcome.HeldByOther, (await grain.TryAcquire("b", Lease)).Outcome);
    }

    [Fact]
    public async Task A_renewal_or_release_after_the_lease_ended_is_refused()
    {
        var key = NewKey();
        var grain = Locks.Lock(key);
        await grain.TryAcquire("a", Lease);

        Clock.Advance(Lease);

        Assert.Equal(new LockResult(false, 0, null, null, LockOutcome.NotHolder), await grain.Renew("a", 1, Lease));
        Assert.False(await grain.Release("a", 1));
        Assert.Equal(2, (await grain.TryAcquire("b", Lease)).FencingToken);
    }

    [Fact]
    public async Task A_new_activation_grants_the_stored_holder_a_full_lease_from_activation_time()
    {
        var key = NewKey();
        var start = Clock.GetUtcNow();
        await Locks.Lock(key).TryAcquire("a", TimeSpan.FromSeconds(30));
        Clock.Advance(TimeSpan.FromSeconds(20));
        await Locks.DeactivateAsync(key);

        // Renewals are not stored, so the new activation cannot know the last one: it counts a full lease from now.
        var status = await Locks.Lock(key).GetStatus();
        Assert.Equal(new LockStatus("a", 1, start + TimeSpan.FromSeconds(50), 0), status);

        Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(LockOutcome.HeldByOther, (await Locks.Lock(key).TryAcquire("b", Lease)).Outcome);
        Assert.True((await Locks.Lock(key).Renew("a", 1, TimeSpan.FromSeconds(30))).Acquired);
    }

    [Fact]
    public async Task A_new_activation_keeps_a_stored_lease_that_ends_later_than_a_full_lease_from_now()
    {
        var key = NewKey();
        var granted = await Locks.Lock(key).TryAcquire("a", TimeSpan.FromMinutes(10));
        // Written by another activation with a lease far beyond what a full lease from now would give.
        await Locks.WriteStoredAsync(key, s => (s.LeaseExpiresAt, s.LeaseDuration) = (Clock.GetUtcNow() + TimeSpan.FromHours(1), TimeSpan.FromSeconds(10)));
        await Locks.DeactivateAsync(key);

        var status = await Locks.Lock(key).GetStatus();

        Assert.Equal(("a", granted.FencingToken, Clock.GetUtcNow() + TimeSpan.FromHours(1)), (status.Holder, status.FencingToken, status.LeaseExpiresAt));
    }

    [Fact]
    public async Task A_held_lock_keeps_its_activation_alive_and_a_free_one_is_collected()
    {
        var key = NewKey();
        var grain = Locks.Lock(key);
        await grain.TryAcquire("a", TimeSpan.FromHours(1));
        var readsAfterActivation = Locks.Reads(key);

        await Locks.CollectIdleActivationsAsync();
        Assert.Single(await Locks.SilosWithActivationAsync(key));
        Assert.Equal("a", (await grain.GetStatus()).Holder);
        Assert.Equal(readsAfterActivation, Locks.Reads(key));

        Assert.True(await grain.Release("a", 1));
        await Locks.CollectIdleActivationsAsync();
        Assert.Empty(await Locks.SilosWithActivationAsync(key));
        Assert.Equal(new LockStatus(null, 1, null, 0), await grain.GetStatus());
        Assert.Equal(readsAfterActivation + 1, Locks.Reads(key));
    }
}
