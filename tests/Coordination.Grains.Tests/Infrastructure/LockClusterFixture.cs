namespace Coordination.Grains.Tests;

/// <summary>
/// One lock cluster shared by the tests of a collection: each test works on keys of its own, and counts and faults
/// are per key, so tests cannot see each other's writes. Tests that need other settings, real time, or to stop
/// silos start a private cluster of the same kind with <see cref="StartPrivateAsync"/>.
/// </summary>
public abstract class LockClusterFixture(LockStore store, int silos) : IAsyncLifetime
{
    public LockStore Store => store;

    public int SiloCount => silos;

    public LockCluster Locks { get; private set; } = null!;

    /// <summary>A cluster of the same kind as the shared one, for this test alone.</summary>
    public Task<LockCluster> StartPrivateAsync(Func<LockClusterSpec, LockClusterSpec>? adjust = null)
    {
        var spec = new LockClusterSpec(store, silos);
        return LockCluster.StartAsync(adjust?.Invoke(spec) ?? spec);
    }

    public async ValueTask InitializeAsync() => Locks = await LockCluster.StartAsync(store, silos);

    public async ValueTask DisposeAsync()
    {
        if (Locks is not null)
        {
            await Locks.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    public override string ToString() => $"{store}, {silos} silo(s)";
}

public sealed class OneSiloOnMemory() : LockClusterFixture(LockStore.Memory, 1);

public sealed class ThreeSilosOnMemory() : LockClusterFixture(LockStore.Memory, 3);

public sealed class OneSiloOnElasticsearch() : LockClusterFixture(LockStore.Elasticsearch, 1);

public sealed class ThreeSilosOnElasticsearch() : LockClusterFixture(LockStore.Elasticsearch, 3);

[CollectionDefinition(Name)]
public sealed class OneSiloOnMemoryCollection : ICollectionFixture<OneSiloOnMemory>
{
    public const string Name = "locks on memory, 1 silo";
}

[CollectionDefinition(Name)]
public sealed class ThreeSilosOnMemoryCollection : ICollectionFixture<ThreeSilosOnMemory>
{
    public const string Name = "locks on memory, 3 silos";
}

[CollectionDefinition(Name)]
public sealed class OneSiloOnElasticsearchCollection : ICollectionFixture<OneSiloOnElasticsearch>
{
    public const string Name = "locks on Elasticsearch, 1 silo";
}

[CollectionDefinition(Name)]
public sealed class ThreeSilosOnElasticsearchCollection : ICollectionFixture<ThreeSilosOnElasticsearch>
{
    public const string Name = "locks on Elasticsearch, 3 silos";
}

/// <summary>
/// Tests that measure the process-wide lock meter and activity source: they run alone, after the parallel
/// collections, each class on a cluster of its own (a class fixture).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LockInstrumentsCollection
{
    public const string Name = "lock instruments";
}
