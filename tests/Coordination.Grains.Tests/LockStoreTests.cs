using Coordination.Locks;
using Coordination.Persistence.Elasticsearch;

namespace Coordination.Grains.Tests;

/// <summary>
/// Base of the lock suite: every test class derives from it and is run once per store (see
/// StoreVariants.cs), so the same rules are proven against memory and against Elasticsearch over HTTP.
/// </summary>
public abstract class LockStoreTests
{
    protected abstract LockStore Store { get; }

    internal Task<LockCluster> StartLocksAsync(
        Action<LockOptions>? configureLocks = null, bool useSystemClock = false, Action<ElasticsearchClientOptions>? configureClient = null, int silos = 1) =>
        LockCluster.StartAsync(Store, configureLocks, useSystemClock, configureClient, silos);
}
