using Coordination.ElasticsearchEmulator;
using Coordination.Locks;
using Coordination.Persistence.Elasticsearch;

namespace Coordination.Benchmarks.Scenarios;

/// <summary>The Elasticsearch lock store of a bench silo, on the emulator in this process.</summary>
internal static class BenchElasticsearch
{
    public static void AddLockStorage(ISiloBuilder silo, EmulatorServer emulator) =>
        silo.AddElasticsearchGrainStorage(LockOptions.DefaultStorageName, o =>
        {
            o.Urls = [emulator.Url.ToString()];
            o.NumberOfReplicas = 0;
        });
}
