using Coordination.Client;
using Coordination.Locks;
using Coordination.Runtime.Configuration;
using Coordination.Runtime.Hosting;
using Coordination.Runtime.Storage;
using Coordination.Storage;
using Coordination.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Grains.Tests;

/// <summary>
/// A test cluster serving locks from an in-memory store that outlives silo restarts, with faults injectable
/// around it and a manual clock. Tests count the store writes each lock operation causes.
/// </summary>
internal sealed class LockCluster : IAsyncDisposable
{
    private readonly Action<LockOptions>? _configureLocks;
    private readonly TimeProvider _siloClock;
    private TestCluster _cluster = null!;

    private LockCluster(ManualTimeProvider clock, TimeProvider siloClock, Action<LockOptions>? configureLocks)
    {
        Clock = clock;
        _siloClock = siloClock;
        _configureLocks = configureLocks;
        Memory = new MemoryGrainStorage(GrainStorageResolver.DefaultName, new GrainStateSerializer());
        Faults = new FaultInjectingGrainStorage(Memory);
    }

    public ManualTimeProvider Clock { get; }

    public MemoryGrainStorage Memory { get; }

    public FaultInjectingGrainStorage Faults { get; }

    public TestCluster Cluster => _cluster;

    public IGrainFactory GrainFactory => _cluster.GrainFactory;

    /// <summary>Store writes attempted by the running silos (successful, refused or failed).</summary>
    public long Writes => _cluster.ActiveSilos.Sum(s => s.Silo.Storage.GetStatistics().Writes);

    public long Reads => _cluster.ActiveSilos.Sum(s => s.Silo.Storage.GetStatistics().Reads);

    /// <param name="useSystemClock">Run the silos on real time (for concurrency tests whose waits must end by themselves).</param>
    public static async Task<LockCluster> StartAsync(Action<LockOptions>? configureLocks = null, ManualTimeProvider? clock = null, bool useSystemClock = false)
    {
        var manual = clock ?? new ManualTimeProvider();
        var cluster = new LockCluster(manual, useSystemClock ? TimeProvider.System : manual, configureLocks);
        await cluster.StartClusterAsync();
        return cluster;
    }

    public ILockGrain Lock(string key) => GrainFactory.GetGrain<ILockGrain>(key);

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
        await Memory.ReadStateAsync("lock", GrainId.Create("lock", key), state, CancellationToken.None);
        return state;
    }

    /// <summary>Writes a lock document directly, as a competing activation would.</summary>
    public async Task WriteStoredAsync(string key, Action<LockState> change)
    {
        var state = await ReadStoredAsync(key);
        change(state.State);
        await Memory.WriteStateAsync("lock", GrainId.Create("lock", key), state, CancellationToken.None);
    }

    /// <summary>Counts the store writes caused by <paramref name="operation"/>.</summary>
    public async Task<(T Result, long Writes)> CountWritesAsync<T>(Func<Task<T>> operation)
    {
        var before = Writes;
        var result = await operation();
        return (result, Writes - before);
    }

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();

    private async Task StartClusterAsync()
    {
        _cluster = new TestClusterBuilder()
            .UseTimeProvider(_siloClock)
            .ConfigureSilo(silo =>
            {
                silo.Services.AddKeyedSingleton<IGrainStorage>(GrainStorageResolver.DefaultName, Faults);
                silo.Configure((GrainCallOptions o) => o.CallTimeout = TimeSpan.FromMinutes(10));
                silo.AddLocks(_configureLocks);
            })
            .Build();
        await _cluster.DeployAsync(TestContext.Current.CancellationToken);
    }
}
