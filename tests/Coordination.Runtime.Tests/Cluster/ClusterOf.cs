using Coordination.TestingHost;

namespace Coordination.Runtime.Tests.Cluster;

/// <summary>Multi-silo test clusters for the cluster tests.</summary>
internal static class ClusterOf
{
    public static async Task<TestCluster> StartAsync(int silos, Action<TestClusterBuilder>? configure = null)
    {
        var builder = new TestClusterBuilder(silos);
        configure?.Invoke(builder);
        var cluster = builder.Build();
        await cluster.DeployAsync(TestContext.Current.CancellationToken);
        return cluster;
    }
}
