using Coordination.TestingHost;

namespace Coordination.Runtime.Tests;

/// <summary>Starts a one-silo test cluster, configured by the test.</summary>
internal static class TestClusters
{
    public static async Task<TestCluster> StartAsync(Action<TestClusterBuilder>? configure = null)
    {
        var builder = new TestClusterBuilder();
        configure?.Invoke(builder);
        var cluster = builder.Build();
        await cluster.DeployAsync(TestContext.Current.CancellationToken);
        return cluster;
    }
}
