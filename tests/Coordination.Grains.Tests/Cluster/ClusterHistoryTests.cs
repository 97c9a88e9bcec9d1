using System.Collections.Concurrent;
using Coordination.Locks;

namespace Coordination.Grains.Tests.Cluster;

/// <summary>
/// The lock history check of <see cref="Grain.HistoryTests"/> on three silos while one of them is killed and a
/// replacement joins. Calls cut short by the failure have unknown outcomes and are not recorded as grants;
/// everything a caller was told must still hold: no overlap, tokens strictly increasing, and no grant lost.
/// </summary>
public abstract class ClusterHistoryTests(LockStore store) : ClusterSuite(store)
{
    private const int Contenders = 24;
    private const int RoundsPerContender = 20;

    // Short, so a grant whose acknowledgement was lost with the killed silo frees its key soon.
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);
    private static readonly string[] Keys = ["h0", "h1", "h2", "h3", "h4", "h5"];

    [Fact]
    public async Task Contenders_on_three_silos_never_overlap_and_lose_no_grant_while_a_silo_is_killed_and_replaced()
    {
        await using var locks = await StartAsync(silos: 3, fakeTime: false);
        var cluster = locks.Cluster;
        var history = new LockHistory();
        var lostGrants = new ConcurrentQueue<string>();
        var unknownOutcomes = new ConcurrentDictionary<string, int>();
        var victim = locks.Silos[2];

        var faults = Task.Run(async () =>
        {
            await history.GrantsRecorded(30);
            await cluster.KillSiloAsync(victim);
            await history.GrantsRecorded(60);
            await cluster.StartAdditionalSiloAsync();
        });

        await Task.WhenAll(Enumerable.Range(0, Contenders).Select(contender => Task.Run(async () =>
        {
            var owner = $"contender-{contender}";
            for (var round = 0; round < RoundsPerContender; round++)
            {
                var key = Keys[(contender + round) % Keys.Length];
                var running = locks.Silos;
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
                    unknownOutcomes.AddOrUpdate(exception.GetType().Name, 1, (_, n) => n + 1);
                    continue;
                }

                if (!result.Acquired)
                {
                    continue;
                }

                history.Granted(key, owner, result.FencingToken, result.LeaseExpiresAt);
                await Task.Yield();
                history.Releasing(key, owner, result.FencingToken);
                switch (await ReleaseAsync(locks, key, owner, result.FencingToken))
                {
                    case null:
                        unknownOutcomes.AddOrUpdate("release", 1, (_, n) => n + 1);
                        history.ReleaseUnknown(key, owner, result.FencingToken);
                        break;
                    case false when TimeProvider.System.GetUtcNow() < result.LeaseExpiresAt:
                        lostGrants.Enqueue($"{key}: {owner} was refused the release of token {result.FencingToken} inside its lease.");
                        break;
                }
            }
        })));
        await faults.WaitAsync(TimeSpan.FromSeconds(60));
        await cluster.WaitForLivenessToStabilizeAsync();

        TestContext.Current.TestOutputHelper?.WriteLine($"{history.GrantCount} grants; unknown outcomes: {string.Join(", ", unknownOutcomes.Select(p => $"{p.Key} {p.Value}"))}");
        history.AssertConsistent();
        Assert.Empty(lostGrants);
        Assert.True(history.GrantCount >= 90, $"Only {history.GrantCount} grants happened.");
        foreach (var key in Keys)
        {
            Assert.True((await locks.Lock(key).GetStatus()).FencingToken >= history.LastToken(key));
        }
    }

    /// <summary>
    /// Releases, retrying through a running silo while the outcome is unknown: a release of a grant that is no longer
    /// current answers false, so retrying is safe. Null if the outcome is still unknown, including "false" after an
    /// attempt that may have released it already.
    /// </summary>
    private static async Task<bool?> ReleaseAsync(LockCluster locks, string key, string owner, long token)
    {
        var mayHaveReleased = false;
        for (var attempt = 0; attempt < 10; attempt++, mayHaveReleased = true)
        {
            try
            {
                var released = await LockCluster.Lock(locks.Silos[0], key).Release(owner, token);
                return released ? true : mayHaveReleased ? null : false;
            }
            catch (Exception exception) when (IsUnknownOutcome(exception))
            {
                // A silo on the way is gone, or some silo's view is behind: retry once they agree again.
                await locks.Cluster.WaitForLivenessToStabilizeAsync();
            }
        }

        return null;
    }

    /// <summary>What a caller may see while a silo dies or keys move: the call may or may not have taken effect.</summary>
    private static bool IsUnknownOutcome(Exception exception) =>
        exception is SiloUnavailableException or OrleansMessageRejectionException or LockUnavailableException or TimeoutException;
}
