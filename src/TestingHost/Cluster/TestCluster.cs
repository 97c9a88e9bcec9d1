using Coordination.Client;
using Coordination.Runtime.Configuration;
using Coordination.Runtime.Hosting;
using Coordination.Runtime.Membership;
using Coordination.Runtime.Messaging;
using Coordination.Runtime.Storage;
using Coordination.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Coordination.TestingHost;

/// <summary>
/// Silos running in this process and talking over loopback TCP, for tests. Build one with
/// <see cref="TestClusterBuilder"/>, start it with <see cref="DeployAsync"/>, call grains through
/// <see cref="GrainFactory"/> or a particular silo's, and dispose it at the end. The silos share a membership
/// table and a default grain storage (both in memory unless a configurator chooses others), so silos can be
/// stopped, killed and restarted without losing state, and links between silos can be cut and healed.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly IReadOnlyList<Action<ISiloBuilder>> _configurators;
    // Copied on write: tests read the silos from many tasks while others start and stop them.
    private readonly object _gate = new();
    private volatile SiloHandle[] _silos = [];
    private TaskCompletionSource _silosChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _nextSiloNumber;

    internal TestCluster(TestClusterOptions options, IReadOnlyList<Action<ISiloBuilder>> configurators)
    {
        Options = options;
        _configurators = configurators;
    }

    public TestClusterOptions Options { get; }

    /// <summary>The membership table the silos share, unless a configurator chose another.</summary>
    public InMemoryMembershipTable MembershipTable { get; } = new();

    /// <summary>The default grain storage the silos share, unless a configurator registered another.</summary>
    public IGrainStorage Storage { get; } = new MemoryGrainStorage(GrainStorageResolver.DefaultName, new GrainStateSerializer());

    /// <summary>What the silos logged (warnings and above).</summary>
    public LogCapture Logs { get; } = new();

    /// <summary>Which links between silos are cut.</summary>
    public NetworkPartitions Partitions { get; } = new();

    /// <summary>Every silo started so far, running or not, in start order.</summary>
    public IReadOnlyList<SiloHandle> Silos => _silos;

    /// <summary>The silos that are running.</summary>
    public IEnumerable<SiloHandle> ActiveSilos => _silos.Where(s => s.IsRunning);

    /// <summary>The first silo started.</summary>
    public SiloHandle Primary => _silos.Length > 0 ? _silos[0] : throw new InvalidOperationException("The cluster has not been deployed; call DeployAsync first.");

    /// <summary>A grain factory for calls into the cluster (through the first running silo).</summary>
    public IGrainFactory GrainFactory =>
        (ActiveSilos.FirstOrDefault(s => !s.IsIsolated) ?? throw new InvalidOperationException("No silo of the test cluster is running.")).GrainFactory;

    /// <summary>Starts <see cref="TestClusterOptions.InitialSilosCount"/> silos and waits until they all see each other.</summary>
    public async Task DeployAsync(CancellationToken cancellationToken = default)
    {
        if (_silos.Length > 0)
        {
            throw new InvalidOperationException("The cluster is already deployed.");
        }

        for (var i = 0; i < Options.InitialSilosCount; i++)
        {
            await StartSiloAsync(NextName(), port: 0, gatewayPort: 0, isolated: false, cancellationToken);
        }

        await WaitForLivenessToStabilizeAsync(cancellationToken);
    }

    /// <summary>Starts one more silo; it has joined when this returns, and the others have read that it did.</summary>
    public Task<SiloHandle> StartAdditionalSiloAsync(CancellationToken cancellationToken = default) =>
        StartSiloAsync(NextName(), port: 0, gatewayPort: 0, isolated: false, cancellationToken);

    /// <summary>
    /// Starts a silo with a membership table of its own. It shares the cluster's store but believes it is the
    /// only silo, so it activates any grain it is asked for: the way to force two activations of one grain in
    /// two silos, as a split cluster would, and prove that the store's compare-and-set keeps one owner.
    /// </summary>
    public Task<SiloHandle> StartIsolatedSiloAsync(CancellationToken cancellationToken = default) =>
        StartSiloAsync(NextName(), port: 0, gatewayPort: 0, isolated: true, cancellationToken);

    /// <summary>Stops a silo gracefully: it leaves the ring, deactivates its grains and records itself Dead.</summary>
    public async Task StopSiloAsync(SiloHandle silo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (silo.HostDisposed)
        {
            return;
        }

        try
        {
            if (silo.IsRunning)
            {
                await silo.Host.StopAsync(cancellationToken);
            }
        }
        finally
        {
            await DisposeHostAsync(silo);
        }

        await RefreshRunningSilosAsync(cancellationToken);
    }

    /// <summary>
    /// Stops a silo the way a crash would: no membership writes, connections reset, activations dropped.
    /// The others find out through failure detection; <see cref="WaitForLivenessToStabilizeAsync"/> waits for that.
    /// </summary>
    public async Task KillSiloAsync(SiloHandle silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (silo.HostDisposed)
        {
            return;
        }

        silo.Silo.Kill();
        await DisposeHostAsync(silo);
    }

    /// <summary>
    /// Stops <paramref name="silo"/> (gracefully, unless it was killed already) and starts a new process on the
    /// same endpoints (silo and gateway): a new generation, so a new silo to the cluster, which supersedes the old one at once.
    /// </summary>
    public async Task<SiloHandle> RestartSiloAsync(SiloHandle silo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(silo);
        await StopSiloAsync(silo, cancellationToken);
        return await StartSiloAsync(silo.Name, silo.Address.Endpoint.Port, silo.GatewayEndpoint.Port, silo.IsIsolated, cancellationToken);
    }

    /// <summary>Cuts the link between two silos, both ways: open connections close and new ones are refused.</summary>
    public void CutConnection(SiloHandle a, SiloHandle b) => Partitions.Cut(a.Address, b.Address);

    public void HealConnection(SiloHandle a, SiloHandle b) => Partitions.Heal(a.Address, b.Address);

    /// <summary>
    /// Waits until every running silo (isolated ones aside) has the same view, in which exactly the running
    /// silos are active: joins and graceful stops are read, and killed silos have been declared dead.
    /// </summary>
    public async Task WaitForLivenessToStabilizeAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.LivenessTimeout);
        while (true)
        {
            var running = ActiveSilos.Where(s => !s.IsIsolated).ToList();
            var changes = running.Select(s => s.Silo.Membership.NextChange).Concat(running.Select(s => s.Silo.StoppedServing)).Append(_silosChanged.Task).ToList();
            await RefreshRunningSilosAsync(cancellationToken);
            if (IsStable(running))
            {
                return;
            }

            try
            {
                await Task.WhenAny(changes).WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"The cluster did not stabilise within {Options.LivenessTimeout}. Running: {string.Join(", ", running)}. Views: "
                    + string.Join("; ", running.Select(s => $"{s.Name} sees {s.Silo.Membership.Current}")));
            }
        }
    }

    /// <summary>
    /// A <see cref="ClusterClient"/> connected to this cluster through the gateways of the running silos, as
    /// a fixed list, or, with <paramref name="discoverGateways"/>, found in the membership table (so it follows
    /// silos that start later). Its log lines are captured in <see cref="Logs"/> as "client". Dispose it.
    /// </summary>
    public async Task<ClusterClient> ConnectClientAsync(
        Action<ClusterClientOptions>? configure = null,
        bool discoverGateways = false,
        GrainCallOptions? calls = null,
        CancellationToken cancellationToken = default)
    {
        var options = new ClusterClientOptions { ClusterId = Options.ClusterId, ClientName = "test-client", GatewayListRefreshInterval = TimeSpan.FromMilliseconds(200) };
        options.Gateways.AddRange(ActiveSilos.Where(s => !s.IsIsolated).Select(s => s.GatewayEndpoint.ToString()));
        configure?.Invoke(options);
        var loggers = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Warning).AddProvider(Logs.ProviderFor("client")));
        return await ClusterClient.ConnectAsync(
            options,
            discoverGateways ? new MembershipGatewayListProvider(MembershipTable) : null,
            calls: calls,
            clock: Options.TimeProvider,
            loggerFactory: loggers,
            cancellationToken: cancellationToken);
    }

    /// <summary>The running silos that hold an activation of <paramref name="grainId"/>.</summary>
    public IReadOnlyList<SiloHandle> SilosWithActivation(GrainId grainId) => [.. ActiveSilos.Where(s => s.Silo.HasActivation(grainId))];

    /// <summary>
    /// Keys (<c>{prefix}-0</c>, <c>{prefix}-1</c>, ...) whose grains of <paramref name="grainType"/> the ring
    /// places on <paramref name="owner"/>, as <paramref name="owner"/> sees the cluster now: for tests that need
    /// a grain on a particular silo.
    /// </summary>
    public static IEnumerable<string> KeysPlacedOn(SiloHandle owner, string grainType, string prefix = "key")
    {
        ArgumentNullException.ThrowIfNull(owner);
        var ring = owner.Silo.Membership.Current.Ring;
        return Enumerable.Range(0, int.MaxValue)
            .Select(i => $"{prefix}-{i}")
            .Where(key => ring.Owner(GrainId.Create(grainType, key).GetStableHashCode()) == owner.Address);
    }

    /// <summary>Stops every running silo gracefully (and releases the hosts of silos that stopped themselves).</summary>
    public async Task StopAllSilosAsync(CancellationToken cancellationToken = default)
    {
        foreach (var silo in _silos.Where(s => !s.HostDisposed).Reverse().ToList())
        {
            await StopSiloAsync(silo, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync() => await StopAllSilosAsync();

    private string NextName() => $"silo-{Interlocked.Increment(ref _nextSiloNumber) - 1}";

    private async Task<SiloHandle> StartSiloAsync(string name, int port, int gatewayPort, bool isolated, CancellationToken cancellationToken)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Development });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddProvider(Logs.ProviderFor(name));
        builder.UseCoordinationSilo(silo =>
        {
            silo.Configure((SiloOptions o) =>
            {
                o.SiloName = name;
                o.ClusterId = Options.ClusterId;
                o.SiloPort = port;
                o.GatewayPort = gatewayPort;
                o.ListenAddress = "127.0.0.1";
                o.AdvertisedAddress = "127.0.0.1";
            });
            silo.Configure((MembershipOptions o) => TestClusterOptions.ApplyTestMembershipTimings(o));
            silo.UseTimeProvider(Options.TimeProvider);
            silo.UseMembershipTable(MembershipTable);
            silo.Services.Replace(ServiceDescriptor.Singleton(Partitions));
            silo.Services.AddKeyedSingleton(GrainStorageResolver.DefaultName, Storage);
            silo.UseClusterStore(ClusterStore.SharedMemory(Options.ClusterId));
            foreach (var configure in _configurators)
            {
                configure(silo);
            }

            if (isolated)
            {
                // After the configurators, so that not even a shared durable table reaches this silo.
                silo.UseMembershipTable(new InMemoryMembershipTable());
            }
        });

        var host = builder.Build();
        var handle = new SiloHandle(name, host, isolated);
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch
        {
            await DisposeHostAsync(handle);
            throw;
        }

        handle.Started = true;
        lock (_gate)
        {
            _silos = [.. _silos, handle];
        }

        SilosChanged();

        if (!isolated)
        {
            await RefreshRunningSilosAsync(cancellationToken);
        }

        return handle;
    }

    /// <summary>Makes every running silo read the table now rather than at its next refresh.</summary>
    private async Task RefreshRunningSilosAsync(CancellationToken cancellationToken) =>
        await Task.WhenAll(ActiveSilos.Where(s => !s.IsIsolated).Select(s => s.Silo.RefreshMembershipAsync(cancellationToken)));

    private static bool IsStable(IReadOnlyList<SiloHandle> running)
    {
        var expected = running.Select(s => s.Address).ToHashSet();
        var views = running.Select(s => s.Silo.Membership.Current).ToList();
        return views.All(v => v.Version == views[0].Version && v.ActiveSilos.Count == expected.Count && v.ActiveSilos.All(expected.Contains));
    }

    private void SilosChanged()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            changed = _silosChanged;
            _silosChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    private async Task DisposeHostAsync(SiloHandle silo)
    {
        silo.HostDisposed = true;
        SilosChanged();
        var host = silo.Host;
        if (host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            host.Dispose();
        }
    }
}
