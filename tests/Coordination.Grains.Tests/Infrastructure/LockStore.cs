using Coordination.Persistence.Elasticsearch;
using Coordination.Testing;
using Coordination.Testing.Elasticsearch;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Coordination.Grains.Tests;

/// <summary>The stores every lock suite runs on.</summary>
public enum LockStore
{
    /// <summary>
    /// In the test process: Orleans' own memory storage on a single silo, and for clusters (where Orleans' memory
    /// storage would die with the silo holding it, and a lock silo refuses it) a <see cref="SharedGrainStore"/>.
    /// </summary>
    Memory,

    /// <summary>
    /// The Elasticsearch store over HTTP: the project's emulator in the test process, or the real cluster named by
    /// COORDINATION_TEST_ES_URL (each test cluster in indices of its own).
    /// </summary>
    Elasticsearch,
}

/// <summary>
/// Where a test cluster keeps lock state: the plug-in that makes one suite run on every store. It registers the
/// real storage provider in each silo (the cluster wraps it to count calls and inject faults), and opens it
/// directly for a test that reads a document or writes one as a competing activation would.
/// </summary>
public abstract class LockStoreBackend : IAsyncDisposable
{
    /// <summary>True when lock state survives the silos that wrote it (killed, stopped, restarted), and can be shared by clusters.</summary>
    public abstract bool OutlivesSilos { get; }

    /// <summary>The Elasticsearch behind an Elasticsearch store (the emulator's faults and counts are there); null for other stores.</summary>
    public virtual TestElasticsearch? Elasticsearch => null;

    /// <summary>Adjusts the Elasticsearch storage settings of every silo (before they start); ignored by other stores.</summary>
    public Action<ElasticsearchGrainStorageOptions>? ConfigureElasticsearch { get; set; }

    /// <summary>Registers the real storage provider as <paramref name="name"/> on a silo.</summary>
    public abstract void AddStorage(ISiloBuilder silo, string name);

    /// <summary>The storage itself, without counting or faults.</summary>
    public abstract IGrainStorage OpenDirect(InProcessTestCluster cluster, string name);

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>
    /// A fresh, empty store of kind <paramref name="store"/> for a cluster of <paramref name="silos"/> silos; with
    /// <paramref name="durable"/>, one that outlives silos (for tests that kill them, or share the store between clusters).
    /// </summary>
    public static async Task<LockStoreBackend> CreateAsync(LockStore store, int silos, bool durable) => store switch
    {
        LockStore.Memory when silos == 1 && !durable => new OrleansMemoryStore(),
        LockStore.Memory => new SharedMemoryStore(),
        LockStore.Elasticsearch => new ElasticsearchStore(await TestElasticsearch.StartAsync(cancellationToken: TestContext.Current.CancellationToken)),
        _ => throw new ArgumentOutOfRangeException(nameof(store), store, null),
    };

    /// <summary>Orleans' memory storage: held by the silo, lost with it.</summary>
    private sealed class OrleansMemoryStore : LockStoreBackend
    {
        public override bool OutlivesSilos => false;

        public override void AddStorage(ISiloBuilder silo, string name) => silo.AddMemoryGrainStorage(name);

        public override IGrainStorage OpenDirect(InProcessTestCluster cluster, string name) =>
            cluster.GetActiveSilos().First().ServiceProvider.GetRequiredKeyedService<IGrainStorage>(name);
    }

    /// <summary>A store in the test process, shared by every silo given it.</summary>
    private sealed class SharedMemoryStore : LockStoreBackend
    {
        private readonly SharedGrainStore _store = new();

        public override bool OutlivesSilos => true;

        public override void AddStorage(ISiloBuilder silo, string name) => silo.AddSharedGrainStorage(name, _store);

        public override IGrainStorage OpenDirect(InProcessTestCluster cluster, string name) => new SharedGrainStorage(_store);
    }

    /// <summary>The Elasticsearch grain storage, on the emulator or a real cluster.</summary>
    private sealed class ElasticsearchStore(TestElasticsearch elasticsearch) : LockStoreBackend
    {
        // The test's own storage instance beside the silos', as another process would be.
        private readonly Lazy<TestElasticsearchStorage> _direct = new(() => new TestElasticsearchStorage(elasticsearch));

        public override bool OutlivesSilos => true;

        public override TestElasticsearch? Elasticsearch => elasticsearch;

        public override void AddStorage(ISiloBuilder silo, string name) => silo.AddElasticsearchGrainStorage(name, o =>
        {
            elasticsearch.ConfigureStorage(o);
            ConfigureElasticsearch?.Invoke(o);
        });

        public override IGrainStorage OpenDirect(InProcessTestCluster cluster, string name) => _direct.Value.Storage;

        public override async ValueTask DisposeAsync()
        {
            if (_direct.IsValueCreated)
            {
                _direct.Value.Dispose();
            }

            await elasticsearch.DisposeAsync();
        }
    }
}
