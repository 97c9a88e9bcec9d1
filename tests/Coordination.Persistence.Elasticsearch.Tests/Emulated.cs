using Coordination.ElasticsearchEmulator;
using Coordination.Testing.Elasticsearch;

namespace Coordination.Persistence.Elasticsearch.Tests;

/// <summary>For tests that need the emulator's powers (faults, traffic counts, credentials, TLS).</summary>
internal static class Emulated
{
    /// <summary>The emulator behind <paramref name="elasticsearch"/>; skips the test, saying why, on a real cluster.</summary>
    public static EmulatorServer Require(TestElasticsearch elasticsearch)
    {
        if (elasticsearch.Emulator is null)
        {
            Assert.Skip($"This test injects faults through the Elasticsearch emulator; {TestElasticsearch.RealClusterVariable} points at a real cluster.");
        }

        return elasticsearch.Emulator!;
    }

    /// <summary>Starts a dedicated emulator with particular options (credentials, TLS, version); skips on a real cluster.</summary>
    public static Task<EmulatorServer> StartAsync(EmulatorOptions options)
    {
        if (TestElasticsearch.UsesRealCluster)
        {
            Assert.Skip($"This test needs an emulator configured in a way a shared real cluster cannot be; {TestElasticsearch.RealClusterVariable} is set.");
        }

        return EmulatorServer.StartAsync(options, TestContext.Current.CancellationToken);
    }
}
