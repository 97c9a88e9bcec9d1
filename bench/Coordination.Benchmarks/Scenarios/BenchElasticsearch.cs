using Coordination.ElasticsearchEmulator;

namespace Coordination.Benchmarks.Scenarios;

/// <summary>The Elasticsearch lock store of a bench silo, on the emulator in this process.</summary>
internal static class BenchElasticsearch
{
    public static void AddLockStorage(ISiloBuilder silo, EmulatorServer emulator) =>
        throw new NotSupportedException($"wired when the Elasticsearch providers land ({emulator.Url})");
}
