using Coordination.Client;
using Coordination.Locks;
using Coordination.Persistence.Elasticsearch;
using Coordination.Runtime.Configuration;
using Coordination.Runtime.Hosting;
using Coordination.Runtime.Storage;
using Coordination.Storage;
using Coordination.Testing.Elasticsearch;
using Coordination.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Grains.Tests;

/// <summary>The stores the lock suite runs against.</summary>
public enum LockStore
{
    Memory,

    /// <summary>The Elasticsearch store over HTTP: the in-process emulator, or COORDINATION_TEST_ES_URL.</summary>
    Elasticsearch,
}

/// <summary>
/// A test cluster serving locks from a store that outlives silo restarts (in memory, or Elasticsearch over
/// HTTP), with faults injectable around it and a manual clock. Tests count the store writes each lock
/// operation causes.
/// </summary>
internal sealed class LockCluster : IAsyncDisposable
{
    private readonly Action<LockOptions>? _configureLocks;
    private readonly TimeProvider _siloClock;
    private readonly TestElasticsearchStorage? _elasticsearchStorage;
    private readonly int _silos;
    private TestCluster _cluster = null!;

    private LockCluster(int silos, ManualTimeProvider clock, TimeProvider siloClock, Action<LockOptions>? configureLocks, IGrainStorage store, TestElasticsearch? elasticsearch, TestElasticsearchStorage? elasticsearchStorage)
    {
        _silos = silos;
        Clock = clock;
        _siloClock = siloClock;
        _configureLocks = configureLocks;
        Store = store;
        Elasticsearch = elasticsearch;
        _elasticsearchStorage = elasticsearchStorage;
        Faults = new FaultInjectingGrainStorage(store);
    }

    public ManualTimeProvider Clock { get; }

    /// <summary>The store itself, without fault injection, for reading and writing documents directly.</summary>
    public IGrainStorage Store { get; }

    /// <summary>The Elasticsearch behind <see cref="Store"/>, when it is the Elasticsearch store.</summary>
    public TestElasticsearch? Elasticsearch { get; }

    public FaultInjectingGrainStorage Faults { get; }

    public TestCluster Cluster => _cluster;

    public IGrainFactory GrainFactory => _cluster.GrainFactory;

    /// <summary>Store writes attempted by the running silos (successful, refused or failed).</summary>
    public long Writes => _cluster.ActiveSilos.Sum(s => s.Silo.Storage.GetStatistics().Writes);

    public long Reads => _cluster.ActiveSilos.Sum(s => s.Silo.Storage.GetStatistics().Reads);

    /// <param name="useSystemClock">Run the silos on real time (for concurrency tests whose waits must end by themselves).</param>
    /// <param name="configureClient">Adjusts the Elasticsearch client (timeouts, retries) for fault tests.</param>
    /// <param name="silos">How many silos serve the locks; they share the store (and, on Elasticsearch, the membership table).</param>
    public static async Task<LockCluster> StartAsync(
        LockStore store, Action<LockOptions>? configureLocks = null, bool useSystemClock = false, Action<ElasticsearchClientOptions>? configureClient = null, int silos = 1)
    {
        var manual = new ManualTimeProvider();
        LockCluster cluster;
        if (store == LockStore.Memory)
        {
            var memory = new MemoryGrainStorage(GrainStorageResolver.DefaultName, new GrainStateSerializer());
            cluster = new LockCluster(silos, manual, useSystemClock ? TimeProvider.System : manual, configureLocks, memory, null, null);
        }
        else
        {
            var elasticsearch = await TestElasticsearch.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
            var storage = new TestElasticsearchStorage(elasticsearch, configure: configureClient);
            cluster = new LockCluster(silos, manual, useSystemClock ? TimeProvider.System : manual, configureLocks, storage.Storage, elasticsearch, storage);
        }

        await cluster.StartClusterAsync();
        return cluster;
    }

    public ILockGrain Lock(string key) => GrainFactory.GetGrain<ILockGrain>(key);

    /// <summary>The lock <paramref name="key"/>, called through <paramref name="silo"/>.</summary>
    public static ILockGrain Lock(SiloHandle silo, string key) => silo.GrainFactory.GetGrain<ILockGrain>(key);

    /// <summary>The running silo that holds the activation of lock <paramref name="key"/>; fails unless exactly one does.</summary>
    public SiloHandle HostOf(string key) => Assert.Single(_cluster.SilosWithActivation(GrainId.Create("lock", key)));

    public CoordinationLockProvider Locks(LockClientOptions? options = null) => new(GrainFactory, options, Clock);

    /// <summary>Stops every silo gracefully and starts a fresh cluster on the same store and clock.</summary>
    public async Task RestartAsync()
    {
        await _cluster.DisposeAsync();
        await StartClusterAsync();
    }

    /// <summary>What the store holds for a lock key, read directly.</summary>
    public async Task<GrainState<LockState>> ReadStoredAsync(string key)
    {
        var state = new GrainState<LockState>(new LockState());
        await Store.ReadStateAsync("lock", GrainId.Create("lock", key), state, CancellationToken.None);
        return state;
    }

    /// <summary>Writes a lock document directly, as a competing activation would.</summary>
    public async Task WriteStoredAsync(string key, Action<LockState> change)
    {
        var state = await ReadStoredAsync(key);
        change(state.State);
        await Store.WriteStateAsync("lock", GrainId.Create("lock", key), state, CancellationToken.None);
    }

    /// <summary>Counts the store writes caused by <paramref name="operation"/>.</summary>
    public Task<(T Result, long Writes)> CountWritesAsync<T>(Func<Task<T>> operation) =>
        CountWritesAsync(() => new ValueTask<T>(operation()));

    /// <summary>Counts the store writes caused by <paramref name="operation"/>.</summary>
    public async Task<(T Result, long Writes)> CountWritesAsync<T>(Func<ValueTask<T>> operation)
    {
        var before = Writes;
        var result = await operation();
        return (result, Writes - before);
    }

    public async ValueTask DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _elasticsearchStorage?.Dispose();
        if (Elasticsearch is not null)
        {
            await Elasticsearch.DisposeAsync();
        }
    }

    private async Task StartClusterAsync()
    {
        _cluster = new TestClusterBuilder(_silos)
            .UseTimeProvider(_siloClock)
            .ConfigureSilo(silo =>
            {
                silo.Services.AddKeyedSingleton<IGrainStorage>(GrainStorageResolver.DefaultName, Faults);
                if (Elasticsearch is { } elasticsearch)
                {
                    // Membership in Elasticsearch too, as a production cluster keeps it.
                    silo.Services.Configure<ElasticsearchClientOptions>(elasticsearch.ConfigureClient);
                    silo.AddElasticsearchMembership(o => o.Index = elasticsearch.MembershipIndex);
                }

                silo.Configure((GrainCallOptions o) => o.CallTimeout = TimeSpan.FromMinutes(10));
                silo.AddLocks(_configureLocks);
            })
            .Build();
        await _cluster.DeployAsync(TestContext.Current.CancellationToken);
    }
}
