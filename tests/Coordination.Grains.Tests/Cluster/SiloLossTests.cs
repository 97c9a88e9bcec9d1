using Coordination.Locks;

namespace Coordination.Grains.Tests.Cluster;

/// <summary>A silo dies with locks held on it: the keys come back on the survivors with their state from the store.</summary>
public abstract class SiloLossTests(LockStore store) : ClusterSuite(store)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Locks_held_on_a_killed_silo_come_back_on_the_survivors_with_holder_token_and_a_conservative_lease()
    {
        await using var locks = await StartAsync(silos: 3);
        var (caller, victim) = (locks.Silos[0], locks.Silos[1]);
        var keys = await KeysPlacedOnAsync(locks, victim, "lost", 6);
        var grants = new Dictionary<string, LockResult>();
        foreach (var key in keys)
        {
            grants[key] = await LockCluster.Lock(caller, key).TryAcquire($"owner-of-{key}", Lease);
            Assert.True(grants[key].Acquired);
        }

        // Time passes before the crash, so the survivors' grace (a full lease from takeover) is visibly later than
        // the lease the store recorded at grant time.
        locks.Clock.Advance(TimeSpan.FromSeconds(40));
        await locks.Cluster.KillSiloAsync(victim, TestContext.Current.CancellationToken);
        await locks.Cluster.WaitForLivenessToStabilizeAsync(didKill: true);

        foreach (var key in keys)
        {
            var status = await LockCluster.Lock(caller, key).GetStatus();
            Assert.Equal(new LockStatus($"owner-of-{key}", grants[key].FencingToken, locks.Clock.GetUtcNow() + Lease, 0), status);
            Assert.True(status.LeaseExpiresAt > grants[key].LeaseExpiresAt);
            Assert.NotEqual(victim.SiloAddress, (await locks.HostOfAsync(key)).SiloAddress);

            var intruder = await LockCluster.Lock(caller, key).TryAcquire("intruder", Lease);
            Assert.Equal((false, $"owner-of-{key}"), (intruder.Acquired, intruder.Holder));
            Assert.True(await LockCluster.Lock(caller, key).Release($"owner-of-{key}", grants[key].FencingToken));
            Assert.Equal(grants[key].FencingToken + 1, (await LockCluster.Lock(caller, key).TryAcquire("next", Lease)).FencingToken);
        }
    }

    [Fact]
    public async Task A_waiter_queued_on_a_silo_that_dies_is_told_to_retry_never_granted()
    {
        await using var locks = await StartAsync(silos: 3);
        var (caller, victim) = (locks.Silos[0], locks.Silos[1]);
        var key = (await KeysPlacedOnAsync(locks, victim, "queued", 1))[0];
        var held = await LockCluster.Lock(caller, key).TryAcquire("holder", Lease);
        var waiting = LockCluster.Lock(caller, key).Acquire("waiter", TimeSpan.FromMinutes(5), Lease);
        await locks.WaitForQueueLengthAsync(key, 1);

        await locks.Cluster.KillSiloAsync(victim, TestContext.Current.CancellationToken);

        // Orleans' in-process kill still runs the silo's stop callbacks (with their time already up), so the waiter may
        // hear "retry" from the lock before its silo goes; if not, its runtime reports the silo lost.
        var error = await Assert.ThrowsAnyAsync<Exception>(() => waiting.Within());
        Assert.True(error is LockUnavailableException or SiloUnavailableException, $"The waiter got {error}.");
        await locks.Cluster.WaitForLivenessToStabilizeAsync(didKill: true);
        Assert.Equal(new LockStatus("holder", held.FencingToken, locks.Clock.GetUtcNow() + Lease, 0), await LockCluster.Lock(caller, key).GetStatus());
    }
}
