using System.Diagnostics;
using System.Runtime;

namespace Coordination.Benchmarks.Harness;

/// <summary>
/// Runs <c>callers</c> concurrent loops of one asynchronous operation in slices: a warm-up slice, then
/// measured slices in which every completed operation and its latency are counted, along with the bytes
/// the process allocated and the processor time it used. The operation's task is awaited directly, so the
/// harness itself allocates nothing per operation.
/// </summary>
internal static class LoadRunner
{
    /// <summary>
    /// How many slices each side of a comparison gets. On a shared machine the speed of the cores drifts over
    /// seconds; interleaving short slices exposes both sides to the same drift, so it cancels in the ratio.
    /// </summary>
    public const int ComparisonSlices = 10;

    private static readonly TimeSpan SettlingSlice = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxSettling = TimeSpan.FromSeconds(3);

    /// <summary>A warm-up long enough for tiered compilation to settle: a third of the window, 0.5 to 2 seconds.</summary>
    public static TimeSpan WarmupFor(TimeSpan duration) => TimeSpan.FromSeconds(Math.Min(2, Math.Max(0.5, duration.TotalSeconds / 3)));

    public static Task<Measurement> RunAsync<TResult>(int callers, TimeSpan warmup, TimeSpan duration, Func<int, ValueTask<TResult>> operation) =>
        RunWindowedAsync(callers, warmup, duration, operation, onWindowStart: null, onWindowEnd: null);

    /// <summary>
    /// A warm-up, then one measured window, calling back just before the window's callers start and just after
    /// the last of them has stopped, so counters read there cover exactly the window's operations.
    /// </summary>
    public static async Task<Measurement> RunWindowedAsync<TResult>(
        int callers, TimeSpan warmup, TimeSpan duration, Func<int, ValueTask<TResult>> operation, Action? onWindowStart, Action? onWindowEnd)
    {
        await WarmUpAsync(warmup, (length, recorder) => RunSliceAsync(callers, length, operation, recorder));
        var recorder = new Recorder(callers);
        onWindowStart?.Invoke();
        await RunSliceAsync(callers, duration, operation, recorder);
        onWindowEnd?.Invoke();
        return recorder.ToMeasurement();
    }

    /// <summary>
    /// Measures an operation and its baseline with the same load, in alternating slices (measured, baseline,
    /// baseline, measured, ...) that add up to <paramref name="duration"/> each, after warming both up. Both
    /// systems stay up throughout; the one not being driven sits idle.
    /// </summary>
    public static async Task<(Measurement Measured, Measurement Baseline)> CompareAsync<TMeasured, TBaseline>(
        int callers, TimeSpan warmup, TimeSpan duration, Func<int, ValueTask<TMeasured>> measured, Func<int, ValueTask<TBaseline>> baseline)
    {
        var measurements = await InterleaveAsync(
            warmup,
            duration,
            [
                (length, recorder) => RunSliceAsync(callers, length, measured, recorder),
                (length, recorder) => RunSliceAsync(callers, length, baseline, recorder),
            ],
            callers);
        return (measurements[0], measurements[1]);
    }

    /// <summary>
    /// Measures several systems with the same load, in slices interleaved as <see cref="CompareAsync"/> does (each
    /// slice goes through the systems in order, the next one in reverse order), after warming each up. Each target's
    /// callbacks run just before and just after each of its measured slices, so counters read there cover exactly
    /// the measured operations.
    /// </summary>
    public static Task<Measurement[]> InterleaveAsync<TResult>(int callers, TimeSpan warmup, TimeSpan duration, IReadOnlyList<LoadTarget<TResult>> targets) =>
        InterleaveAsync(
            warmup,
            duration,
            targets.Select<LoadTarget<TResult>, Func<TimeSpan, Recorder?, Task>>(target => async (length, recorder) =>
            {
                if (recorder is not null)
                {
                    target.OnSliceStart?.Invoke();
                }

                await RunSliceAsync(callers, length, target.Operation, recorder);
                if (recorder is not null)
                {
                    target.OnSliceEnd?.Invoke();
                }
            }).ToArray(),
            callers);

    private static async Task<Measurement[]> InterleaveAsync(TimeSpan warmup, TimeSpan duration, IReadOnlyList<Func<TimeSpan, Recorder?, Task>> sides, int callers)
    {
        foreach (var side in sides)
        {
            await WarmUpAsync(warmup, side);
        }

        var recorders = sides.Select(_ => new Recorder(callers)).ToArray();
        var slice = duration / ComparisonSlices;
        await InterleaveSlicesAsync(sides.Count, side => sides[side](slice, recorders[side]));
        return recorders.Select(r => r.ToMeasurement()).ToArray();
    }

    /// <summary>
    /// Gives each of <paramref name="sides"/> systems <paramref name="slices"/> turns: each round of turns goes through
    /// the systems in order, the next in reverse order, which keeps any system from always following the same other's
    /// leftovers.
    /// </summary>
    public static async Task InterleaveSlicesAsync(int sides, Func<int, Task> runSlice, int slices = ComparisonSlices)
    {
        for (var i = 0; i < slices; i++)
        {
            for (var j = 0; j < sides; j++)
            {
                await runSlice(i % 2 == 0 ? j : sides - 1 - j);
            }
        }
    }

    /// <summary>
    /// Runs a side for the warm-up, then for as many more short slices as the JIT keeps compiling methods (up to
    /// <see cref="MaxSettling"/>): tiered compilation replaces a method's quick first code with optimized code only
    /// after it has been called for a while, later still on a busy machine, so a fixed warm-up can end with a long
    /// call path (an Orleans call, for one) still running its first code, and the figures would measure the JIT.
    /// </summary>
    private static async Task WarmUpAsync(TimeSpan warmup, Func<TimeSpan, Recorder?, Task> side)
    {
        await side(warmup, null);
        var settling = Stopwatch.StartNew();
        long compiled;
        do
        {
            compiled = JitInfo.GetCompiledMethodCount();
            await side(SettlingSlice, null);
        }
        while (JitInfo.GetCompiledMethodCount() > compiled && settling.Elapsed < MaxSettling);
    }

    /// <summary>Runs the callers for <paramref name="length"/>, recording into <paramref name="recorder"/> unless it is a warm-up.</summary>
    private static async Task RunSliceAsync<TResult>(int callers, TimeSpan length, Func<int, ValueTask<TResult>> operation, Recorder? recorder)
    {
        if (recorder is not null)
        {
            // Garbage left by whatever ran before is collected now, not charged to this slice.
            GC.Collect();
        }

        var running = 1;
        var loops = new Task[callers];
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (var caller = 0; caller < callers; caller++)
        {
            var histogram = recorder?.Histograms[caller];
            var id = caller;
            loops[caller] = Task.Run(async () =>
            {
                while (Volatile.Read(ref running) == 1)
                {
                    var started = Stopwatch.GetTimestamp();
                    await operation(id);
                    // An operation still running when the slice ended is not counted: its latency is cut short.
                    if (histogram is not null && Volatile.Read(ref running) == 1)
                    {
                        histogram.Record((long)Stopwatch.GetElapsedTime(started).TotalNanoseconds);
                    }
                }
            });
        }

        await Task.Delay(length);
        Volatile.Write(ref running, 0);
        var elapsed = clock.Elapsed;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        await Task.WhenAll(loops);
        recorder?.Add(elapsed, allocated, cpu);
    }

    /// <summary>What the measured slices of one side add up to; one histogram per caller, so recording takes no lock.</summary>
    private sealed class Recorder
    {
        private TimeSpan _elapsed;
        private long _allocated;
        private TimeSpan _cpu;

        public Recorder(int callers) => Histograms = Enumerable.Range(0, callers).Select(_ => new LatencyHistogram()).ToArray();

        public LatencyHistogram[] Histograms { get; }

        public void Add(TimeSpan elapsed, long allocated, TimeSpan cpu)
        {
            _elapsed += elapsed;
            _allocated += allocated;
            _cpu += cpu;
        }

        public Measurement ToMeasurement()
        {
            var merged = new LatencyHistogram();
            foreach (var histogram in Histograms)
            {
                merged.Add(histogram);
            }

            return new Measurement(merged.Count, _elapsed, merged, _allocated, _cpu);
        }
    }
}

/// <summary>One system of an interleaved measurement: its operation, and what to do around each of its measured slices.</summary>
internal sealed record LoadTarget<TResult>(Func<int, ValueTask<TResult>> Operation, Action? OnSliceStart = null, Action? OnSliceEnd = null);
