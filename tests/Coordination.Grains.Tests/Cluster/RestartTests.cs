using Coordination.Locks;
using Coordination.TestingHost;

namespace Coordination.Grains.Tests.Cluster;

/// <summary>Graceful stops and restarts move keys between silos without losing a held lock.</summary>
public abstract class RestartTests : LockStoreTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Stopping_and_restarting_a_silo_keeps_every_held_lock_and_its_token()
    {
        await using var locks = await StartLocksAsync(silos: 3);
        var (caller, leaver) = (locks.Cluster.Silos[0], locks.Cluster.Silos[2]);
        var keys = TestCluster.KeysPlacedOn(leaver, "lock", "moving").Take(5).ToList();
        var grants = new Dictionary<string, LockResult>();
        foreach (var key in keys)
        {
            grants[key] = await LockCluster.Lock(caller, key).TryAcquire($"owner-of-{key}", Lease);
        }

        await locks.Cluster.StopSiloAsync(leaver, TestContext.Current.CancellationToken);
        await AssertStillHeldAsync(locks, caller, grants);

        var restarted = await locks.Cluster.RestartSiloAsync(leaver, TestContext.Current.CancellationToken);
        await locks.Cluster.WaitForLivenessToStabilizeAsync(TestContext.Current.CancellationToken);
        await AssertStillHeldAsync(locks, caller, grants);

        // A restarted process is a new silo with its own place on the ring: keys go where the ring says now.
        Assert.All(keys, key => Assert.Equal(
            caller.Silo.Membership.Current.Ring.Owner(GrainId.Create("lock", key).GetStableHashCode()),
            locks.HostOf(key).Address));

        foreach (var (key, grant) in grants)
        {
            Assert.True(await LockCluster.Lock(restarted, key).Release($"owner-of-{key}", grant.FencingToken));
        }
    }

    [Fact]
    public async Task A_graceful_stop_tells_queued_waiters_to_retry_and_the_retry_succeeds_on_the_new_owner()
    {
        await using var locks = await StartLocksAsync(silos: 2);
        var (caller, leaver) = (locks.Cluster.Silos[0], locks.Cluster.Silos[1]);
        var key = TestCluster.KeysPlacedOn(leaver, "lock", "queue").First();
        var held = await LockCluster.Lock(caller, key).TryAcquire("holder", Lease);
        var waiting = LockCluster.Lock(caller, key).Acquire("waiter", TimeSpan.FromMinutes(5), Lease);
        Assert.Equal(1, (await LockCluster.Lock(caller, key).GetStatus()).QueueLength);

        await locks.Cluster.StopSiloAsync(leaver, TestContext.Current.CancellationToken);

        var moved = await Assert.ThrowsAsync<LockUnavailableException>(() => waiting.Within());
        Assert.Contains("retry", moved.Message, StringComparison.Ordinal);
        var retry = LockCluster.Lock(caller, key).Acquire("waiter", TimeSpan.FromMinutes(5), Lease);
        Assert.Equal(1, (await LockCluster.Lock(caller, key).GetStatus()).QueueLength);
        Assert.True(await LockCluster.Lock(caller, key).Release("holder", held.FencingToken));
        var granted = await retry.Within();
        Assert.Equal(("waiter", held.FencingToken + 1), (granted.Holder, granted.FencingToken));
    }

    [Fact]
    public async Task Restarting_the_whole_cluster_keeps_every_held_lock()
    {
        await using var locks = await StartLocksAsync(silos: 3);
        var keys = Enumerable.Range(0, 12).Select(i => $"durable-{i}").ToList();
        var grants = new Dictionary<string, LockResult>();
        foreach (var key in keys)
        {
            grants[key] = await locks.Lock(key).TryAcquire($"owner-of-{key}", Lease);
        }

        await locks.RestartAsync();

        Assert.Equal(3, locks.Cluster.ActiveSilos.Count());
        await AssertStillHeldAsync(locks, locks.Cluster.Silos[1], grants);
    }

    private static async Task AssertStillHeldAsync(LockCluster locks, SiloHandle caller, Dictionary<string, LockResult> grants)
    {
        foreach (var (key, grant) in grants)
        {
            var status = await LockCluster.Lock(caller, key).GetStatus();
            Assert.Equal(($"owner-of-{key}", grant.FencingToken), (status.Holder, status.FencingToken));
            Assert.False((await LockCluster.Lock(caller, key).TryAcquire("intruder")).Acquired);
            Assert.Single(locks.Cluster.SilosWithActivation(GrainId.Create("lock", key)));
        }
    }
}
