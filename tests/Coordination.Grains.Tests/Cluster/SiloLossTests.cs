using Coordination.Locks;
using Coordination.TestingHost;

namespace Coordination.Grains.Tests.Cluster;

/// <summary>A silo dies with locks held on it: the keys come back elsewhere with their state from the store.</summary>
public abstract class SiloLossTests : LockStoreTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Locks_held_on_a_killed_silo_come_back_on_the_survivors_with_holder_token_and_a_conservative_lease()
    {
        await using var locks = await StartLocksAsync(silos: 3);
        var (caller, victim) = (locks.Cluster.Silos[0], locks.Cluster.Silos[1]);
        var keys = TestCluster.KeysPlacedOn(victim, "lock", "lost").Take(6).ToList();
        var grants = new Dictionary<string, LockResult>();
        foreach (var key in keys)
        {
            grants[key] = await LockCluster.Lock(caller, key).TryAcquire($"owner-of-{key}", Lease);
            Assert.True(grants[key].Acquired);
            Assert.Equal(victim, locks.HostOf(key));
        }

        // Time passes before the crash, so the survivors' grace (a full lease from takeover) is visibly later
        // than the lease the store recorded at grant time.
        locks.Clock.Advance(TimeSpan.FromSeconds(40));
        await locks.Cluster.KillSiloAsync(victim);
        await locks.Cluster.WaitForLivenessToStabilizeAsync(TestContext.Current.CancellationToken);

        foreach (var key in keys)
        {
            var status = await LockCluster.Lock(caller, key).GetStatus();
            Assert.NotEqual(victim, locks.HostOf(key));
            Assert.Equal($"owner-of-{key}", status.Holder);
            Assert.Equal(grants[key].FencingToken, status.FencingToken);
            Assert.Equal(locks.Clock.GetUtcNow() + Lease, status.LeaseExpiresAt);
            Assert.True(status.LeaseExpiresAt > grants[key].LeaseExpiresAt);

            var intruder = await LockCluster.Lock(caller, key).TryAcquire("intruder");
            Assert.False(intruder.Acquired);
            Assert.Equal($"owner-of-{key}", intruder.Holder);
            Assert.True(await LockCluster.Lock(caller, key).Release($"owner-of-{key}", grants[key].FencingToken));
            var next = await LockCluster.Lock(caller, key).TryAcquire("next");
            Assert.Equal(grants[key].FencingToken + 1, next.FencingToken);
        }
    }

    [Fact]
    public async Task A_waiter_queued_on_a_silo_that_dies_gets_a_silo_unavailable_error_never_a_grant()
    {
        await using var locks = await StartLocksAsync(silos: 3);
        var (caller, victim) = (locks.Cluster.Silos[0], locks.Cluster.Silos[1]);
        var key = TestCluster.KeysPlacedOn(victim, "lock", "queued").First();
        var held = await LockCluster.Lock(caller, key).TryAcquire("holder", Lease);
        var waiting = LockCluster.Lock(caller, key).Acquire("waiter", TimeSpan.FromMinutes(5), Lease);
        Assert.Equal(1, (await LockCluster.Lock(caller, key).GetStatus()).QueueLength);

        await locks.Cluster.KillSiloAsync(victim);

        await Assert.ThrowsAsync<SiloUnavailableException>(() => waiting.Within());
        await locks.Cluster.WaitForLivenessToStabilizeAsync(TestContext.Current.CancellationToken);
        var status = await LockCluster.Lock(caller, key).GetStatus();
        Assert.Equal(("holder", held.FencingToken), (status.Holder, status.FencingToken));
    }
}
