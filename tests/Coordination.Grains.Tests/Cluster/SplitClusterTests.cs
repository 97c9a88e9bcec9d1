using Coordination.Locks;
using Coordination.TestingHost;

namespace Coordination.Grains.Tests.Cluster;

/// <summary>
/// The cluster disagrees with itself: links are cut, or two silos each believe they own a key. The store's
/// compare-and-set is what keeps one owner, and these tests prove it does.
/// </summary>
public abstract class SplitClusterTests : LockStoreTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Locks_taken_on_both_sides_of_a_cut_are_never_granted_twice()
    {
        await using var locks = await StartLocksAsync(silos: 3);
        var (left, right) = (locks.Cluster.Silos[0], locks.Cluster.Silos[1]);
        var keys = Enumerable.Range(0, 30).Select(i => $"split-{i}").ToList();

        locks.Cluster.CutConnection(left, right);
        var leftResults = await Task.WhenAll(keys.Select(key => TryAcquireAsync(left, key, "left")));
        var rightResults = await Task.WhenAll(keys.Select(key => TryAcquireAsync(right, key, "right")));
        locks.Cluster.HealConnection(left, right);
        await locks.Cluster.WaitForLivenessToStabilizeAsync(TestContext.Current.CancellationToken);

        Assert.Contains(leftResults, r => r is { Acquired: true });
        Assert.Contains(leftResults, r => r is null);
        for (var i = 0; i < keys.Count; i++)
        {
            var granted = new[] { leftResults[i], rightResults[i] }.Where(r => r is { Acquired: true }).ToList();
            Assert.True(granted.Count <= 1, $"{keys[i]} was granted to both sides.");
            var status = await locks.Lock(keys[i]).GetStatus();
            Assert.Equal(granted.SingleOrDefault()?.Holder, status.Holder);
        }
    }

    [Fact]
    public async Task Two_activations_of_one_key_in_two_silos_never_both_grant_it()
    {
        await using var locks = await StartLocksAsync(silos: 2);
        var isolated = await locks.Cluster.StartIsolatedSiloAsync(TestContext.Current.CancellationToken);
        var keys = Enumerable.Range(0, 10).Select(i => $"duplicate-{i}").ToList();

        // Both sides activate every key while it is free, so each activation believes it is free.
        foreach (var key in keys)
        {
            Assert.Null((await locks.Lock(key).GetStatus()).Holder);
            Assert.Null((await LockCluster.Lock(isolated, key).GetStatus()).Holder);
            Assert.Equal(2, locks.Cluster.SilosWithActivation(GrainId.Create("lock", key)).Count);
        }

        var results = await Task.WhenAll(keys.Select(async key =>
        {
            var cluster = locks.Lock(key).TryAcquire("cluster-side", Lease);
            var alone = LockCluster.Lock(isolated, key).TryAcquire("isolated-side", Lease);
            return (Key: key, Cluster: await cluster, Isolated: await alone);
        }));

        foreach (var (key, cluster, alone) in results)
        {
            Assert.True(cluster.Acquired ^ alone.Acquired, $"{key}: cluster side {cluster.Outcome}, isolated side {alone.Outcome}.");
            var winner = cluster.Acquired ? cluster : alone;
            var loser = cluster.Acquired ? alone : cluster;
            Assert.Equal(winner.Holder, loser.Holder);
            Assert.Equal(1, winner.FencingToken);
            var stored = await locks.ReadStoredAsync(key);
            Assert.Equal((winner.Holder, winner.FencingToken), (stored.State.Owner, stored.State.FencingToken));
        }
    }

    [Fact]
    public async Task Contenders_on_two_activations_of_the_same_keys_never_overlap_and_tokens_strictly_increase()
    {
        await using var locks = await StartLocksAsync(silos: 2, useSystemClock: true);
        var isolated = await locks.Cluster.StartIsolatedSiloAsync(TestContext.Current.CancellationToken);
        var sides = new[] { locks.Cluster.Silos[0], locks.Cluster.Silos[1], isolated };
        var keys = new[] { "shared-0", "shared-1", "shared-2" };
        var history = new LockHistory();
        var grantsByIsolatedSide = 0;

        // Short leases: an activation that went stale refuses from memory until the lease it believes in
        // ends, then its expiry write fails the compare-and-set and it learns the truth.
        var lease = TimeSpan.FromSeconds(1);

        await Task.WhenAll(Enumerable.Range(0, 30).Select(contender => Task.Run(async () =>
        {
            var owner = $"contender-{contender}";
            for (var round = 0; round < 10; round++)
            {
                // Each contender stays on one side while the keys rotate, so every key is contended through both activations.
                var key = keys[round % keys.Length];
                var side = sides[contender % sides.Length];
                var grain = LockCluster.Lock(side, key);
                LockResult result;
                try
                {
                    result = round % 2 == 0 ? await grain.TryAcquire(owner, lease) : await grain.Acquire(owner, TimeSpan.FromSeconds(2), lease);
                }
                catch (LockUnavailableException)
                {
                    continue; // The two activations raced in the store; the loser re-reads and says "retry".
                }

                if (!result.Acquired)
                {
                    continue;
                }

                history.Granted(key, owner, result.FencingToken, result.LeaseExpiresAt);
                if (side == isolated)
                {
                    Interlocked.Increment(ref grantsByIsolatedSide);
                }

                await Task.Yield();
                history.Releasing(key, owner, result.FencingToken);
                try
                {
                    await grain.Release(owner, result.FencingToken);
                }
                catch (LockUnavailableException)
                {
                    // Lost a race with the other activation: the release may not have happened.
                    history.ReleaseUnknown(key, owner, result.FencingToken);
                }
            }
        })));

        history.AssertConsistent();
        Assert.InRange(grantsByIsolatedSide, 1, history.GrantCount - 1);
    }

    private static async Task<LockResult?> TryAcquireAsync(SiloHandle via, string key, string owner)
    {
        try
        {
            return await LockCluster.Lock(via, key).TryAcquire(owner, Lease);
        }
        catch (SiloUnavailableException)
        {
            // The key lives across the cut; the call was refused before it was sent.
            return null;
        }
    }
}
