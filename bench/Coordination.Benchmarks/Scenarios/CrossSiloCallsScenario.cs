using Coordination.Benchmarks.Baselines;
using Coordination.Benchmarks.Grains;
using Coordination.Benchmarks.Harness;

namespace Coordination.Benchmarks.Scenarios;

/// <summary>
/// Grain calls from silo A to grains activated on silo B (one grain per caller, answering from memory),
/// against bare multiplexed request/response over one loopback TCP connection with the same concurrency.
/// Both sides of both systems run in this process, so they share its cores alike.
/// </summary>
internal static class CrossSiloCallsScenario
{
    public static async Task<Report> RunAsync(int callers, TimeSpan duration)
    {
        var warmup = LoadRunner.WarmupFor(duration);

        await using var cluster = await BenchCluster.StartAsync();
        await using var rpc = await LoopbackRpcBaseline.StartAsync();
        var grains = cluster.KeysOnHost().Take(callers).Select(k => cluster.Caller.GrainFactory.GetGrain<IBenchGrain>(k)).ToArray();
        var (measured, baseline) = await LoadRunner.CompareAsync(callers, warmup, duration, caller => grains[caller].Ping(caller), rpc.PingAsync);
        return Report.ForCalls("cross-silo-calls", callers, duration, measured, baseline);
    }
}
