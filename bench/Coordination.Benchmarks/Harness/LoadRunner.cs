using System.Diagnostics;

namespace Coordination.Benchmarks.Harness;

/// <summary>
/// Runs <c>callers</c> concurrent loops of one asynchronous operation: a warm-up, then a measured window
/// in which every completed operation and its latency are counted, along with all bytes allocated by
/// the process meanwhile. The operation's task is awaited directly, so the harness itself allocates
/// nothing per operation.
/// </summary>
internal static class LoadRunner
{
    private const int WarmingUp = 0;
    private const int Measuring = 1;
    private const int Stopping = 2;

    /// <summary>A warm-up long enough for tiered compilation to settle: a third of the window, 0.5 to 2 seconds.</summary>
    public static TimeSpan WarmupFor(TimeSpan duration) => TimeSpan.FromSeconds(Math.Min(2, Math.Max(0.5, duration.TotalSeconds / 3)));

    public static async Task<Measurement> RunAsync<TResult>(int callers, TimeSpan warmup, TimeSpan duration, Func<int, ValueTask<TResult>> operation)
    {
        var window = await RunWindowedAsync(callers, warmup, duration, operation, onWindowStart: null, onWindowEnd: null);
        return window;
    }

    /// <summary>As <see cref="RunAsync{TResult}"/>, calling back as the measured window opens and closes.</summary>
    public static async Task<Measurement> RunWindowedAsync<TResult>(
        int callers, TimeSpan warmup, TimeSpan duration, Func<int, ValueTask<TResult>> operation, Action? onWindowStart, Action? onWindowEnd)
    {
        var phase = WarmingUp;
        var histograms = new LatencyHistogram[callers];
        var loops = new Task[callers];
        for (var caller = 0; caller < callers; caller++)
        {
            var histogram = histograms[caller] = new LatencyHistogram();
            var id = caller;
            loops[caller] = Task.Run(async () =>
            {
                while (true)
                {
                    var current = Volatile.Read(ref phase);
                    if (current == Stopping)
                    {
                        return;
                    }

                    var started = Stopwatch.GetTimestamp();
                    await operation(id);
                    if (current == Measuring && Volatile.Read(ref phase) == Measuring)
                    {
                        histogram.Record((long)Stopwatch.GetElapsedTime(started).TotalNanoseconds);
                    }
                }
            });
        }

        await Task.Delay(warmup);
        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        onWindowStart?.Invoke();
        var clock = Stopwatch.StartNew();
        Volatile.Write(ref phase, Measuring);
        await Task.Delay(duration);
        Volatile.Write(ref phase, Stopping);
        var elapsed = clock.Elapsed;
        onWindowEnd?.Invoke();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        await Task.WhenAll(loops);

        var merged = new LatencyHistogram();
        foreach (var histogram in histograms)
        {
            merged.Add(histogram);
        }

        return new Measurement(merged.Count, elapsed, merged, allocated);
    }
}
