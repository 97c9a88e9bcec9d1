using Coordination.Locks;
using Coordination.Runtime.Configuration;

namespace Coordination.Grains.Tests.Grain;

public abstract class LeaseTests : LockStoreTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(10);

    // A non-interleaving call that never writes: once it answers, earlier queued turns (timer ticks) are done.
    private static Task Barrier(ILockGrain grain) => grain.Renew("barrier", 1, Lease);

    [Fact]
    public async Task The_lease_timer_frees_an_expired_lock_in_one_write_without_any_client_call()
    {
        await using var locks = await StartLocksAsync();
        var grain = locks.Lock("k");
        await grain.TryAcquire("a", Lease);
        var writesBefore = locks.Writes;

        locks.Clock.Advance(TimeSpan.FromSeconds(9.9));
        await Barrier(grain);
        Assert.Equal("a", (await locks.ReadStoredAsync("k")).State.Owner);

        locks.Clock.Advance(TimeSpan.FromSeconds(0.1));
        await Barrier(grain);

        var stored = (await locks.ReadStoredAsync("k")).State;
        Assert.Null(stored.Owner);
        Assert.Equal(OwnershipChangeKind.Expiry, stored.LastChange);
        Assert.Equal(1, stored.FencingToken);
        Assert.Equal(writesBefore + 1, locks.Writes);
        Assert.Equal(2, (await grain.TryAcquire("b", Lease)).FencingToken);
    }

    [Fact]
    public async Task Expiry_hands_the_lock_to_the_head_waiter_without_any_client_call()
    {
        await using var locks = await StartLocksAsync();
        var grain = locks.Lock("k");
        await grain.TryAcquire("a", Lease);
        var waiting = grain.Acquire("b", TimeSpan.FromMinutes(5), Lease);
        Assert.Equal(1, (await grain.GetStatus()).QueueLength);
        var writesBefore = locks.Writes;

        locks.Clock.Advance(Lease);
        var granted = await waiting.Within();

        Assert.Equal(new LockResult(true, 2, "b", locks.Clock.GetUtcNow() + Lease, LockOutcome.Acquired), granted);
        Assert.Equal(writesBefore + 1, locks.Writes);
        Assert.Equal(OwnershipChangeKind.Expiry, (await locks.ReadStoredAsync("k")).State.LastChange);
    }

    [Fact]
    public async Task Renewals_keep_the_lock_past_its_first_lease_and_write_nothing()
    {
        await using var locks = await StartLocksAsync();
        var grain = locks.Lock("k");
        await grain.TryAcquire("a", Lease);
        var writesBefore = locks.Writes;

        for (var i = 0; i < 5; i++)
        {
            locks.Clock.Advance(TimeSpan.FromSeconds(8));
            Assert.True((await grain.Renew("a", 1, Lease)).Acquired);
        }

        Assert.Equal("a", (await grain.GetStatus()).Holder);
        Assert.Equal(writesBefore, locks.Writes);
        Assert.Equal(LockOutcome.HeldByOther, (await grain.TryAcquire("b", Lease)).Outcome);
    }

    [Fact]
    public async Task A_renewal_after_the_lease_ended_is_refused()
    {
        await using var locks = await StartLocksAsync();
        var grain = locks.Lock("k");
        await grain.TryAcquire("a", Lease);
        locks.Clock.Advance(Lease);

        Assert.Equal(LockOutcome.NotHolder, (await grain.Renew("a", 1, Lease)).Outcome);
        Assert.False(await grain.Release("a", 1));
    }

    [Fact]
    public async Task A_new_activation_grants_the_stored_holder_a_full_lease_from_activation_time()
    {
        await using var locks = await StartLocksAsync();
        var start = locks.Clock.GetUtcNow();
        await locks.Lock("k").TryAcquire("a", TimeSpan.FromSeconds(30));
        locks.Clock.Advance(TimeSpan.FromSeconds(20));
        await locks.RestartAsync();

        var status = await locks.Lock("k").GetStatus();
        Assert.Equal(new LockStatus("a", 1, start + TimeSpan.FromSeconds(50), 0), status);

        locks.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(LockOutcome.HeldByOther, (await locks.Lock("k").TryAcquire("b", Lease)).Outcome);
        Assert.True((await locks.Lock("k").Renew("a", 1, TimeSpan.FromSeconds(30))).Acquired);
    }

    [Fact]
    public async Task A_held_lock_keeps_its_activation_alive_and_a_free_one_is_collected()
    {
        await using var locks = await StartLocksAsync();
        var grain = locks.Lock("k");
        await grain.TryAcquire("a", TimeSpan.FromHours(1));
        var silo = locks.Cluster.Primary.Silo;

        locks.Clock.Advance(TimeSpan.FromMinutes(20));
        await silo.CollectIdleActivationsAsync();
        await Barrier(grain);
        Assert.Equal(1, locks.Reads);

        await grain.Release("a", 1);
        locks.Clock.Advance(new ActivationOptions().CollectionAge);
        await silo.CollectIdleActivationsAsync();
        await grain.GetStatus();
        Assert.Equal(2, locks.Reads);
    }
}
