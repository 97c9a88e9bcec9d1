using Coordination.Cli;
using Coordination.Locks;
using Coordination.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.TestingHost;

[assembly: AssemblyFixture(typeof(Coordination.Client.Tests.CoordCluster))]

namespace Coordination.Client.Tests;

/// <summary>
/// One three-silo Orleans test cluster serving locks over real TCP (coord connects to gateways as it would in
/// production), shared by every test of the assembly (each test uses keys of its own), and the way to run coord
/// against it in this process.
/// </summary>
public sealed class CoordCluster : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Cluster = await StartAsync(3);

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        SharedGrainStore.Forget(Cluster.Options.ClusterId);
    }

    /// <summary>A cluster of <paramref name="silos"/> lock silos sharing one store, as coord's tests need it.</summary>
    public static async Task<TestCluster> StartAsync(short silos)
    {
        var builder = new TestClusterBuilder(silos);
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.Options.ClusterId = $"coord-{Guid.NewGuid():N}";
        builder.Options.ServiceId = ClusterConnection.ServiceId;
        builder.AddSiloBuilderConfigurator<LockSilo>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    public ILockGrain Lock(string key) => Cluster.GrainFactory.GetGrain<ILockGrain>(key);

    /// <summary>A key no other test uses.</summary>
    public static string NewKey(string prefix = "cli") => $"{prefix}/{Guid.NewGuid():N}";

    /// <summary>The options that point coord at <paramref name="cluster"/>: its id and every active silo's gateway.</summary>
    public static string[] ConnectionOptions(TestCluster cluster) =>
        ["--cluster-id", cluster.Options.ClusterId, .. cluster.GetActiveSilos().SelectMany(s => new[] { "--gateway", s.GatewayAddress.Endpoint.ToString() })];

    /// <summary>An application host whose Orleans client connects through every active gateway of <paramref name="cluster"/>.</summary>
    public static IHost ClientHost(TestCluster cluster, Action<IServiceCollection> configureServices)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering([.. cluster.GetActiveSilos().Select(s => s.GatewayAddress.Endpoint)]);
            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = cluster.Options.ClusterId;
                options.ServiceId = ClusterConnection.ServiceId;
            });
        });
        configureServices(builder.Services);
        return builder.Build();
    }

    /// <summary>
    /// Waits for the queue of <paramref name="grain"/> to reach <paramref name="length"/>. Nothing announces it, so the
    /// queue length (an interleaving call, answered without waiting on time) is asked until it shows, within a bound.
    /// </summary>
    public static async Task WaitForQueueLengthAsync(ILockGrain grain, int length, Task waiting)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bound.CancelAfter(TimeSpan.FromMinutes(1));
        while ((await grain.GetStatus()).QueueLength != length)
        {
            if (length > 0 && waiting.IsCompleted)
            {
                Assert.Fail($"The waiting acquire ended before it queued: {waiting.Status}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(5), bound.Token);
        }
    }

    /// <summary>Runs <c>coord {command} --cluster-id … --gateway … (every silo) {arguments}</c>.</summary>
    internal Task<CoordRun> RunAsync(string command, params string[] arguments) => RunAsync(new CoordAppSettings(), CancellationToken.None, command, arguments);

    internal Task<CoordRun> RunAsync(CoordAppSettings settings, CancellationToken interrupt, string command, params string[] arguments) =>
        CoordRun.RunAsync([command, .. ConnectionOptions(Cluster), .. arguments], settings, interrupt);

    /// <summary>
    /// Serves locks from a store that all silos of the cluster share (found by the cluster's id, since TestCluster
    /// builds configurators without arguments): a silo refuses to join a cluster while its locks are on Orleans'
    /// memory storage. <see cref="FirstCallRefusal"/> fails calls on the keys that ask for it.
    /// </summary>
    public sealed class LockSilo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var clusterId = siloBuilder.Configuration["Orleans:ClusterId"] ?? throw new InvalidOperationException("TestCluster gave the silo no cluster id.");
            siloBuilder.AddCoordinationLocks();
            siloBuilder.AddSharedGrainStorage(LockOptions.DefaultStorageName, SharedGrainStore.Named(clusterId));
            siloBuilder.AddIncomingGrainCallFilter<FirstCallRefusal>();
        }
    }
}
