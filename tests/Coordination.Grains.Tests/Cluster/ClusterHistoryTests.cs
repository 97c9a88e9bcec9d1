using Coordination.Locks;

namespace Coordination.Grains.Tests.Cluster;

/// <summary>
/// The lock history check of <see cref="Grain.HistoryTests"/>, on three silos while one of them is killed
/// and later restarted. Calls cut short by the failure have unknown outcomes and are not recorded as grants;
/// everything a caller was told must still hold: no overlap, tokens strictly increasing, and no grant lost.
/// </summary>
public abstract class ClusterHistoryTests : LockStoreTests
{
    private const int Contenders = 24;
    private const int RoundsPerContender = 20;

    // Short, so a grant whose acknowledgement was lost with the killed silo frees its key soon.
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);
    private static readonly string[] Keys = ["h0", "h1", "h2", "h3", "h4", "h5"];

    [Fact]
    public async Task Contenders_on_three_silos_never_overlap_and_lose_no_grant_while_a_silo_is_killed_and_restarted()
    {
        await using var locks = await StartLocksAsync(silos: 3, useSystemClock: true);
        var cluster = locks.Cluster;
        var history = new LockHistory();
        var lostGrants = new List<string>();
        var unknownOutcomes = 0;
        var victim = cluster.Silos[2];

        var faults = Task.Run(async () =>
        {
            await history.GrantsRecorded(30);
            await cluster.KillSiloAsync(victim);
            await history.GrantsRecorded(60);
            await cluster.RestartSiloAsync(victim, TestContext.Current.CancellationToken);
        });

        await Task.WhenAll(Enumerable.Range(0, Contenders).Select(contender => Task.Run(async () =>
        {
            var owner = $"contender-{contender}";
            for (var round = 0; round < RoundsPerContender; round++)
            {
                var key = Keys[(contender + round) % Keys.Length];
                var running = cluster.ActiveSilos.ToList();
                var grain = LockCluster.Lock(running[(contender + round) % running.Count], key);
                LockResult result;
                try
                {
                    result = round % 2 == 0
                        ? await grain.TryAcquire(owner, Lease)
                        : await grain.Acquire(owner, TimeSpan.FromSeconds(1), Lease);
                }
                catch (Exception exception) when (IsUnknownOutcome(exception))
                {
                    Interlocked.Increment(ref unknownOutcomes);
                    continue;
                }

                if (!result.Acquired)
                {
                    continue;
                }

                history.Granted(key, owner, result.FencingToken, result.LeaseExpiresAt);
                await Task.Yield();
                history.Releasing(key, owner, result.FencingToken);
                switch (await ReleaseAsync(cluster, key, owner, result.FencingToken))
                {
                    case null:
                        Interlocked.Increment(ref unknownOutcomes);
                        history.ReleaseUnknown(key, owner, result.FencingToken);
                        break;
                    case false when TimeProvider.System.GetUtcNow() < result.LeaseExpiresAt:
                        lock (lostGrants)
                        {
                            lostGrants.Add($"{key}: {owner} was refused the release of token {result.FencingToken} inside its lease.");
                        }

                        break;
                }
            }
        })));
        await faults.WaitAsync(TimeSpan.FromSeconds(60));
        await cluster.WaitForLivenessToStabilizeAsync(TestContext.Current.CancellationToken);

        history.AssertConsistent();
        Assert.Empty(lostGrants);
        Assert.True(history.GrantCount >= 90, $"Only {history.GrantCount} grants happened ({unknownOutcomes} calls had unknown outcomes).");
        foreach (var key in Keys)
        {
            Assert.True((await locks.Lock(key).GetStatus()).FencingToken >= history.LastToken(key));
        }
    }

    /// <summary>
    /// Releases, retrying through a running silo while the outcome is unknown: a release of a grant that is no
    /// longer current answers false, so retrying is safe. A silo that cannot be reached is retried once the
    /// cluster is stable again (its death declared, its replacement joined, every view caught up). Null if the outcome is
    /// still unknown, including "false" after an attempt that may have released it already.
    /// </summary>
    private static async Task<bool?> ReleaseAsync(TestingHost.TestCluster cluster, string key, string owner, long token)
    {
        var mayHaveReleased = false;
        for (var attempt = 0; attempt < 10; attempt++, mayHaveReleased = true)
        {
            var via = cluster.ActiveSilos.First();
            try
            {
                var released = await LockCluster.Lock(via, key).Release(owner, token);
                return released ? true : mayHaveReleased ? null : false;
            }
            catch (SiloUnavailableException)
            {
                // A silo on the way is gone, or some silo's view is behind: retry once they agree again.
                await cluster.WaitForLivenessToStabilizeAsync(TestContext.Current.CancellationToken);
            }
            catch (Exception exception) when (IsUnknownOutcome(exception))
            {
            }
        }

        return null;
    }

    /// <summary>What a caller may see while a silo dies or keys move: the call may or may not have taken effect.</summary>
    private static bool IsUnknownOutcome(Exception exception) =>
        exception is SiloUnavailableException or LockUnavailableException or GrainCallTimeoutException;
}
