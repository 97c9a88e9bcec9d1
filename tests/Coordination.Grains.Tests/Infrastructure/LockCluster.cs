using Coordination.Locks;
using Coordination.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Coordination.Grains.Tests;

/// <summary>What kind of test cluster to start.</summary>
/// <param name="Store">The store kind the locks live in.</param>
/// <param name="Silos">How many silos serve the locks.</param>
public sealed record LockClusterSpec(LockStore Store, int Silos = 1)
{
    /// <summary>
    /// Grain time is a <see cref="FakeTimeProvider"/> that only the test moves (leases, waits, timers); Orleans' own
    /// background work stays on real time. False for tests whose waits must end by themselves (concurrency histories).
    /// </summary>
    public bool FakeTime { get; init; } = true;

    public Action<LockOptions>? ConfigureLocks { get; init; }

    /// <summary>A store that must outlive silos (for tests that kill or restart them).</summary>
    public bool DurableStore { get; init; }

    /// <summary>Orleans' messaging (call timeouts among it) on the fake clock too, for tests about response timeouts.</summary>
    public bool FakeMessagingClock { get; init; }

    /// <summary>Adjusts the Elasticsearch storage settings of every silo; ignored by other stores.</summary>
    public Action<Coordination.Persistence.Elasticsearch.ElasticsearchGrainStorageOptions>? ConfigureElasticsearch { get; init; }
}

/// <summary>
/// An Orleans <see cref="InProcessTestCluster"/> serving locks from a store plug-in (<see cref="LockStoreBackend"/>),
/// with every store call counted per key and faults injectable (<see cref="GrainStorageProbe"/>), grain time on
/// a fake clock, and the lock logs captured.
/// </summary>
public sealed class LockCluster : IAsyncDisposable
{
    /// <summary>The name under which each silo registers the real store; the lock provider wraps it.</summary>
    public const string RealStorageName = "locks-real";

    private readonly LockClusterSpec _spec;
    private readonly bool _ownsStore;

    private LockCluster(LockClusterSpec spec, LockStoreBackend store, GrainStorageProbe probe, FakeTimeProvider? clock, bool ownsStore)
    {
        _spec = spec;
        Store = store;
        Probe = probe;
        FakeClock = clock;
        _ownsStore = ownsStore;
    }

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public LockStoreBackend Store { get; }

    public GrainStorageProbe Probe { get; }

    /// <summary>The lock log records of every silo (categories <c>Coordination.*</c>, from Debug up).</summary>
    public FakeLogCollector Logs { get; } = new();

    public FakeTimeProvider? FakeClock { get; }

    /// <summary>Grain time, which only the test moves.</summary>
    public FakeTimeProvider Clock => FakeClock ?? throw new InvalidOperationException("This cluster runs on real time.");

    /// <summary>Calls from outside the cluster, through the silos' gateways.</summary>
    public IGrainFactory GrainFactory => Cluster.Client;

    public IReadOnlyList<InProcessSiloHandle> Silos => Cluster.GetActiveSilos().ToList();

    public static Task<LockCluster> StartAsync(LockStore store, int silos = 1) => StartAsync(new LockClusterSpec(store, silos));

    public static async Task<LockCluster> StartAsync(LockClusterSpec spec)
    {
        var store = await LockStoreBackend.CreateAsync(spec.Store, spec.Silos, spec.DurableStore);
        store.ConfigureElasticsearch = spec.ConfigureElasticsearch;
        var locks = new LockCluster(spec, store, new GrainStorageProbe(), spec.FakeTime ? new FakeTimeProvider() : null, ownsStore: true);
        try
        {
            await locks.DeployAsync();
            return locks;
        }
        catch
        {
            await locks.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A second cluster (its own cluster id, membership and activations) on the same store, probe and clock as this
    /// one: every key it serves then has an activation in each cluster.
    /// </summary>
    public async Task<LockCluster> StartTwinAsync()
    {
        var twin = new LockCluster(_spec, Store, Probe, FakeClock, ownsStore: false);
        await twin.DeployAsync();
        return twin;
    }

    public static GrainId IdOf(string key) => GrainId.Create(LockGrain.GrainTypeName, key);

    public ILockGrain Lock(string key) => GrainFactory.GetGrain<ILockGrain>(key);

    /// <summary>Lock <paramref name="key"/>, called from inside <paramref name="silo"/>.</summary>
    public static ILockGrain Lock(InProcessSiloHandle silo, string key) => silo.ServiceProvider.GetRequiredService<IGrainFactory>().GetGrain<ILockGrain>(key);

    /// <summary>Store writes that lock <paramref name="key"/> attempted (committed, refused or failed).</summary>
    public long Writes(string key) => Probe.Writes(IdOf(key));

    /// <summary>Store reads that lock <paramref name="key"/> attempted.</summary>
    public long Reads(string key) => Probe.Reads(IdOf(key));

    /// <summary>Runs <paramref name="operation"/> and counts the store writes of lock <paramref name="key"/> meanwhile.</summary>
    public async Task<(T Result, long Writes)> CountWritesAsync<T>(string key, Func<ValueTask<T>> operation)
    {
        var before = Writes(key);
        var result = await operation();
        return (result, Writes(key) - before);
    }

    public Task<(T Result, long Writes)> CountWritesAsync<T>(string key, Func<Task<T>> operation) =>
        CountWritesAsync(key, () => new ValueTask<T>(operation()));

    /// <summary>What the store holds for lock <paramref name="key"/>, read directly (an empty state when there is no document).</summary>
    public async Task<LockState> ReadStoredAsync(string key) => (await ReadStoredStateAsync(key)).State ?? new LockState();

    /// <summary>Changes the stored document of lock <paramref name="key"/> directly (with compare-and-set), as another activation would.</summary>
    public async Task WriteStoredAsync(string key, Action<LockState> change)
    {
        var state = await ReadStoredStateAsync(key);
        state.State ??= new LockState();
        change(state.State);
        await Store.OpenDirect(Cluster, RealStorageName).WriteStateAsync(LockGrain.StateName, IdOf(key), state, CancellationToken.None);
    }

    private async Task<GrainState<LockState>> ReadStoredStateAsync(string key)
    {
        var state = new GrainState<LockState>(new LockState());
        await Store.OpenDirect(Cluster, RealStorageName).ReadStateAsync(LockGrain.StateName, IdOf(key), state, CancellationToken.None);
        return state;
    }

    /// <summary>Ends the activation of lock <paramref name="key"/> (wherever it is), so the next call starts a new one from the store.</summary>
    public Task DeactivateAsync(string key) => Cluster.DeactivateAsync(IdOf(key));

    /// <summary>
    /// Waits until lock <paramref name="key"/> has <paramref name="length"/> callers queued. A queued or cancelled
    /// call reaches the silo as a message of its own, some time after the caller sent it; status is answered
    /// between other calls, so this polls, a bounded number of times.
    /// </summary>
    public async Task WaitForQueueLengthAsync(string key, int length)
    {
        var seen = -1;
        for (var attempt = 0; attempt < 2_000; attempt++)
        {
            if ((seen = (await Lock(key).GetStatus()).QueueLength) == length)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(5), TimeProvider.System);
        }

        Assert.Fail($"The queue of {key} never reached {length} callers; it has {seen}.");
    }

    /// <summary>
    /// Runs Orleans' activation collection on every silo now, for every activation idle at all, as if each had
    /// outlived its collection age: what stays is what asked to be kept alive.
    /// </summary>
    public Task CollectIdleActivationsAsync() => GrainFactory.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

    /// <summary>The silos holding an activation of lock <paramref name="key"/>.</summary>
    public async Task<IReadOnlyList<SiloAddress>> SilosWithActivationAsync(string key)
    {
        var statistics = await GrainFactory.GetGrain<IManagementGrain>(0)
            .GetDetailedGrainStatistics(types: null, [.. Silos.Select(s => s.SiloAddress)]);
        return [.. statistics.Where(s => s.GrainId == IdOf(key)).Select(s => s.SiloAddress)];
    }

    /// <summary>The silo holding the activation of lock <paramref name="key"/>; fails unless exactly one does.</summary>
    public async Task<InProcessSiloHandle> HostOfAsync(string key)
    {
        var host = Assert.Single(await SilosWithActivationAsync(key));
        return Silos.Single(s => s.SiloAddress.Equals(host));
    }

    /// <summary>Activates lock <paramref name="key"/> on <paramref name="silo"/>, with Orleans' placement hint.</summary>
    public async Task PlaceOnAsync(InProcessSiloHandle silo, string key)
    {
        await SiloPlacement.ActivateOnAsync(Silos, silo, async () => await Lock(key).GetStatus());
        Assert.Equal(silo.SiloAddress, (await HostOfAsync(key)).SiloAddress);
    }

    /// <summary>Stops every silo gracefully and deploys a new cluster on the same store, probe and clock.</summary>
    public async Task RestartAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }

        if (_ownsStore)
        {
            await Store.DisposeAsync();
        }
    }

    private async Task DeployAsync()
    {
        var builder = new InProcessTestClusterBuilder((short)_spec.Silos);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            Store.AddStorage(silo, RealStorageName);
            silo.AddProbedGrainStorage(LockOptions.DefaultStorageName, RealStorageName, Probe);
            silo.AddCoordinationLocks(_spec.ConfigureLocks);
            if (FakeClock is { } clock)
            {
                silo.Services.AddSingleton<TimeProvider>(clock);
                // Membership, messaging and the directory keep to real time; otherwise moving the test clock would run their loops.
                silo.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
                if (_spec.FakeMessagingClock)
                {
                    silo.Services.AddKeyedSingleton<TimeProvider>(TimeProviderNames.Messaging, clock);
                }
            }

            silo.Services.AddLogging(logging => logging
                .AddProvider(new FakeLoggerProvider(Logs))
                .AddFilter<FakeLoggerProvider>((category, _) => category?.StartsWith("Coordination.", StringComparison.Ordinal) == true));
            silo.Services.Configure<LoggerFilterOptions>(o => o.MinLevel = LogLevel.Debug);
            silo.Configure<ClusterMembershipOptions>(ConfigureMembership);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// A killed silo is declared dead within a few seconds: probed every second, dead after two missed probes,
    /// and the survivors' views refreshed every second.
    /// </summary>
    private static void ConfigureMembership(ClusterMembershipOptions options)
    {
        options.ProbeTimeout = TimeSpan.FromSeconds(1);
        options.NumMissedProbesLimit = 2;
        options.TableRefreshTimeout = TimeSpan.FromSeconds(1);
    }
}
