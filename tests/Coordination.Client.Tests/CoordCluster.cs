using Coordination.Client.Cli;
using Coordination.Locks;
using Coordination.TestingHost;

[assembly: AssemblyFixture(typeof(Coordination.Client.Tests.CoordCluster))]

namespace Coordination.Client.Tests;

/// <summary>
/// One three-silo test cluster serving locks, shared by every test of the assembly (each test uses keys of
/// its own), and the way to run coord against it in this process.
/// </summary>
public sealed class CoordCluster : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Cluster = new TestClusterBuilder(3).ConfigureSilo(silo => silo.AddLocks()).Build();
        await Cluster.DeployAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync();

    public ILockGrain Lock(string key) => Cluster.GrainFactory.GetGrain<ILockGrain>(key);

    /// <summary>A key no other test uses.</summary>
    public static string NewKey(string prefix = "cli") => $"{prefix}/{Guid.NewGuid():N}";

    /// <summary>Runs <c>coord {command} --cluster-id … --gateway … (every silo) {arguments}</c>.</summary>
    internal Task<CoordRun> RunAsync(string command, params string[] arguments) => RunAsync(new CoordAppSettings(), CancellationToken.None, command, arguments);

    internal Task<CoordRun> RunAsync(CoordAppSettings settings, CancellationToken interrupt, string command, params string[] arguments)
    {
        string[] connection = ["--cluster-id", Cluster.Options.ClusterId, .. Cluster.ActiveSilos.SelectMany(s => new[] { "--gateway", s.GatewayEndpoint.ToString() })];
        return CoordRun.RunAsync([command, .. connection, .. arguments], settings, interrupt);
    }
}
