using Coordination.Benchmarks.Baselines;
using Coordination.Benchmarks.Grains;
using Coordination.Benchmarks.Harness;

namespace Coordination.Benchmarks.Scenarios;

/// <summary>
/// Grain calls through IGrainFactory on one silo, to one grain answering from memory, against a bare
/// mailbox actor doing the same work with the same number of callers.
/// </summary>
internal static class LocalCallsScenario
{
    public static async Task<Report> RunAsync(int callers, TimeSpan duration)
    {
        var warmup = LoadRunner.WarmupFor(duration);

        await using var silo = await BenchSilo.StartAsync();
        await using var mailbox = new MailboxBaseline();
        var grain = silo.GrainFactory.GetGrain<IBenchGrain>("local");
        var (measured, baseline) = await LoadRunner.CompareAsync(callers, warmup, duration, grain.Ping, mailbox.PingAsync);
        return Report.ForCalls("local-calls", callers, duration, measured, baseline);
    }
}
