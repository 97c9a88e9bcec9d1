namespace Coordination.Grains.Tests;

/// <summary>
/// Base of the cluster suites, which kill, stop and restart silos: every test starts a cluster of its own, on a store
/// that outlives its silos.
/// </summary>
public abstract class ClusterSuite(LockStore store)
{
    protected LockStore Store => store;

    protected Task<LockCluster> StartAsync(int silos, bool fakeTime = true) =>
        LockCluster.StartAsync(new LockClusterSpec(store, silos) { DurableStore = true, FakeTime = fakeTime });

    /// <summary>Keys whose activations live on <paramref name="silo"/>, placed there with Orleans' placement hint.</summary>
    protected static async Task<List<string>> KeysPlacedOnAsync(LockCluster locks, Orleans.TestingHost.InProcessSiloHandle silo, string prefix, int count)
    {
        var keys = Enumerable.Range(0, count).Select(i => $"{prefix}-{i}").ToList();
        foreach (var key in keys)
        {
            await locks.PlaceOnAsync(silo, key);
        }

        return keys;
    }
}
