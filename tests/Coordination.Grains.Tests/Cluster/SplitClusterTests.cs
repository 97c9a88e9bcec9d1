using Coordination.Locks;

namespace Coordination.Grains.Tests.Cluster;

/// <summary>
/// Duplicate activations: two clusters (two cluster ids, each with its own membership and directory) on one store,
/// so every key has an activation in each, both believing they own it. Only the store's compare-and-set keeps one
/// owner, and these tests prove it does.
/// </summary>
public abstract class SplitClusterTests(LockStore store) : ClusterSuite(store)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Two_activations_of_one_key_in_two_clusters_never_both_grant_it()
    {
        await using var left = await StartAsync(silos: 1);
        await using var right = await left.StartTwinAsync();
        Assert.NotEqual(left.Cluster.Options.ClusterId, right.Cluster.Options.ClusterId);
        var keys = Enumerable.Range(0, 10).Select(i => $"duplicate-{i}").ToList();

        // Both sides activate every key while it is free, so each activation believes it is free.
        foreach (var key in keys)
        {
            Assert.Null((await left.Lock(key).GetStatus()).Holder);
            Assert.Null((await right.Lock(key).GetStatus()).Holder);
            Assert.Single(await left.SilosWithActivationAsync(key));
            Assert.Single(await right.SilosWithActivationAsync(key));
        }

        var results = await Task.WhenAll(keys.Select(async key =>
        {
            var onLeft = left.Lock(key).TryAcquire("left-side", Lease).AsTask();
            var onRight = right.Lock(key).TryAcquire("right-side", Lease).AsTask();
            return (Key: key, Left: await onLeft, Right: await onRight);
        }));

        foreach (var (key, onLeft, onRight) in results)
        {
            Assert.True(onLeft.Acquired ^ onRight.Acquired, $"{key}: left side {onLeft.Outcome}, right side {onRight.Outcome}.");
            var (winner, loser) = onLeft.Acquired ? (onLeft, onRight) : (onRight, onLeft);
            Assert.Equal((LockOutcome.HeldByOther, winner.Holder), (loser.Outcome, loser.Holder));
            Assert.Equal(1, winner.FencingToken);
            var stored = await left.ReadStoredAsync(key);
            Assert.Equal((winner.Holder, 1L), (stored.Owner, stored.FencingToken));
        }
    }

    [Fact]
    public async Task A_stale_activation_learns_of_a_release_and_grant_by_the_other_before_confirming_its_holder()
    {
        await using var left = await StartAsync(silos: 1);
        await using var right = await left.StartTwinAsync();
        var grant = await left.Lock("k").TryAcquire("a", Lease);
        Assert.Equal("a", (await right.Lock("k").GetStatus()).Holder);

        // The right cluster's activation lets a go and grants b; the left one still believes a holds it.
        Assert.True(await right.Lock("k").Release("a", grant.FencingToken));
        var next = await right.Lock("k").TryAcquire("b", Lease);
        Assert.Equal(("a", grant.FencingToken), ((await left.Lock("k").GetStatus()).Holder, (await left.Lock("k").GetStatus()).FencingToken));

        // A renewal or re-acquire is never confirmed from stale memory: each reads the store first.
        Assert.Equal(LockOutcome.NotHolder, (await left.Lock("k").Renew("a", grant.FencingToken, Lease)).Outcome);
        Assert.Equal((LockOutcome.HeldByOther, "b"), ((await left.Lock("k").TryAcquire("a", Lease)).Outcome, (await left.Lock("k").GetStatus()).Holder));
        Assert.True(await left.Lock("k").Release("b", next.FencingToken));

        // Now the right activation is the stale one: it refuses from memory until the lease it knows of ends. That may
        // delay a taker; it never grants twice. Then its expiry write fails the compare-and-set, and it re-reads.
        Assert.Equal((LockOutcome.HeldByOther, "b"), ((await right.Lock("k").TryAcquire("c", Lease)).Outcome, (await right.Lock("k").GetStatus()).Holder));
        left.Clock.Advance(Lease);
        var taken = await right.Lock("k").TryAcquire("c", Lease);
        Assert.Equal((true, next.FencingToken + 1), (taken.Acquired, taken.FencingToken));
        Assert.Equal(("c", next.FencingToken + 1), ((await left.ReadStoredAsync("k")).Owner, (await left.ReadStoredAsync("k")).FencingToken));
    }

    [Fact]
    public async Task Contenders_through_two_clusters_on_the_same_keys_never_overlap_and_tokens_strictly_increase()
    {
        await using var left = await StartAsync(silos: 2, fakeTime: false);
        await using var right = await left.StartTwinAsync();
        var sides = new[] { left.Silos[0], left.Silos[1], right.Silos[0], right.Silos[1] };
        var keys = new[] { "shared-0", "shared-1", "shared-2" };
        var history = new LockHistory();
        var grantsByRight = 0;

        // Short leases: an activation that went stale refuses from memory until the lease it believes in ends, then
        // its expiry write fails the compare-and-set and it learns the truth.
        var lease = TimeSpan.FromSeconds(1);

        await Task.WhenAll(Enumerable.Range(0, 32).Select(contender => Task.Run(async () =>
        {
            var owner = $"contender-{contender}";
            for (var round = 0; round < 10; round++)
            {
                // Each contender stays on one side while the keys rotate, so every key is contended through both clusters.
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
                    continue; // The two activations raced in the store; the loser re-read and says "retry".
                }

                if (!result.Acquired)
                {
                    continue;
                }

                history.Granted(key, owner, result.FencingToken, result.LeaseExpiresAt);
                if (contender % sides.Length >= 2)
                {
                    Interlocked.Increment(ref grantsByRight);
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
        Assert.InRange(grantsByRight, 1, history.GrantCount - 1);
    }
}
