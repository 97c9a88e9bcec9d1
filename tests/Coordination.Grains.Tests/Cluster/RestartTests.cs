using Coordination.Locks;
using Orleans.TestingHost;

namespace Coordination.Grains.Tests.Cluster;

/// <summary>Graceful stops and restarts move keys between silos without losing a held lock.</summary>
public abstract class RestartTests(LockStore store) : ClusterSuite(store)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Stopping_a_silo_and_starting_another_keeps_every_held_lock_and_its_token()
    {
        await using var locks = await StartAsync(silos: 3);
        var (caller, leaver) = (locks.Silos[0], locks.Silos[2]);
        var keys = await KeysPlacedOnAsync(locks, leaver, "moving", 5);
        var grants = await TakeAllAsync(caller, keys);

        await locks.Cluster.StopSiloAsync(leaver, TestContext.Current.CancellationToken);
        await AssertStillHeldAsync(locks, caller, grants);

        var joined = await locks.Cluster.StartAdditionalSiloAsync();
        await locks.Cluster.WaitForLivenessToStabilizeAsync();
        await AssertStillHeldAsync(locks, joined, grants);
        foreach (var (key, grant) in grants)
        {
            Assert.True(await LockCluster.Lock(joined, key).Release($"owner-of-{key}", grant.FencingToken));
        }
    }

    [Fact]
    public async Task Restarting_the_silo_that_holds_the_locks_keeps_every_held_lock_and_its_token()
    {
        await using var locks = await StartAsync(silos: 3);
        var (caller, restarting) = (locks.Silos[0], locks.Silos[1]);
        var keys = await KeysPlacedOnAsync(locks, restarting, "restarted", 5);
        var grants = await TakeAllAsync(caller, keys);

        var restarted = await locks.Cluster.RestartSiloAsync(restarting);
        await locks.Cluster.WaitForLivenessToStabilizeAsync();

        Assert.NotNull(restarted);
        await AssertStillHeldAsync(locks, restarted, grants);
    }

    [Fact]
    public async Task A_graceful_stop_tells_queued_waiters_to_retry_and_the_retry_succeeds_on_the_new_host()
    {
        await using var locks = await StartAsync(silos: 2);
        var (caller, leaver) = (locks.Silos[0], locks.Silos[1]);
        var key = (await KeysPlacedOnAsync(locks, leaver, "queue", 1))[0];
        var held = await LockCluster.Lock(caller, key).TryAcquire("holder", Lease);
        var waiting = LockCluster.Lock(caller, key).Acquire("waiter", TimeSpan.FromMinutes(5), Lease);
        await locks.WaitForQueueLengthAsync(key, 1);

        await locks.Cluster.StopSiloAsync(leaver, TestContext.Current.CancellationToken);

        Grain.WaitingAcquireTests.AssertToldToRetry(await Assert.ThrowsAnyAsync<Exception>(() => waiting.Within()));
        var retry = LockCluster.Lock(caller, key).Acquire("waiter", TimeSpan.FromMinutes(5), Lease);
        await locks.WaitForQueueLengthAsync(key, 1);
        Assert.Equal(caller.SiloAddress, (await locks.HostOfAsync(key)).SiloAddress);
        Assert.True(await LockCluster.Lock(caller, key).Release("holder", held.FencingToken));
        var granted = await retry.Within();
        Assert.Equal(("waiter", held.FencingToken + 1), (granted.Holder, granted.FencingToken));
    }

    [Fact]
    public async Task Restarting_the_whole_cluster_keeps_every_held_lock()
    {
        await using var locks = await StartAsync(silos: 3);
        var keys = Enumerable.Range(0, 12).Select(i => $"durable-{i}").ToList();
        var grants = await TakeAllAsync(locks.Silos[0], keys);

        await locks.RestartAsync();

        Assert.Equal(3, locks.Silos.Count);
        await AssertStillHeldAsync(locks, locks.Silos[1], grants);
    }

    private static async Task<Dictionary<string, LockResult>> TakeAllAsync(InProcessSiloHandle caller, IEnumerable<string> keys)
    {
        var grants = new Dictionary<string, LockResult>();
        foreach (var key in keys)
        {
            grants[key] = await LockCluster.Lock(caller, key).TryAcquire($"owner-of-{key}", Lease);
            Assert.True(grants[key].Acquired);
        }

        return grants;
    }

    private static async Task AssertStillHeldAsync(LockCluster locks, InProcessSiloHandle caller, Dictionary<string, LockResult> grants)
    {
        foreach (var (key, grant) in grants)
        {
            var status = await LockCluster.Lock(caller, key).GetStatus();
            Assert.Equal(($"owner-of-{key}", grant.FencingToken), (status.Holder, status.FencingToken));
            Assert.False((await LockCluster.Lock(caller, key).TryAcquire("intruder", Lease)).Acquired);
            Assert.Single(await locks.SilosWithActivationAsync(key));
        }
    }
}
