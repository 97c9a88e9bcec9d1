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
        var warmup = TimeSpan.FromSeconds(Math.Min(2, Math.Max(0.5, duration.TotalSeconds / 3)));

        Measurement measured;
        await using (var cluster = await BenchCluster.StartAsync())
        {
            var grains = cluster.KeysOnHost().Take(callers).Select(k => cluster.Caller.GrainFactory.GetGrain<IBenchGrain>(k)).ToArray();
            measured = await LoadRunner.RunAsync(callers, warmup, duration, caller => grains[caller].Ping(caller));
        }

        Measurement baseline;
        await using (var rpc = await LoopbackRpcBaseline.StartAsync())
        {
            baseline = await LoadRunner.RunAsync(callers, warmup, duration, rpc.PingAsync);
        }

        return new Report("cross-silo-calls")
            .Add("callers", callers)
            .Add("seconds", duration.TotalSeconds)
            .AddComparison(measured, baseline)
            .Add("allocated_bytes_per_call", Math.Round(measured.AllocatedBytesPerOperation, 1))
            .Add("baseline_allocated_bytes_per_call", Math.Round(baseline.AllocatedBytesPerOperation, 1))
            .Add("calls", measured.Operations)
            .AddEnvironment();
    }
}
