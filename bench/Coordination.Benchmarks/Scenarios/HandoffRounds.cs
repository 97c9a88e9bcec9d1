using System.Diagnostics;
using Coordination.Benchmarks.Harness;

namespace Coordination.Benchmarks.Scenarios;

/// <summary>One lock as the handoff rounds use it: owners 0 and 1 take turns holding it.</summary>
internal interface IHandoffLock
{
    /// <summary>Takes the lock, waiting in its queue while the other owner holds it; completes with the fencing token.</summary>
    /// <exception cref="BenchmarkInvalidException">The answer was anything but a grant.</exception>
    Task<long> AcquireAsync(int owner);

    /// <exception cref="BenchmarkInvalidException">The lock was not released.</exception>
    Task ReleaseAsync(int owner, long token);

    Task<int> QueueLengthAsync();
}

/// <summary>
/// Measures handoffs, one at a time so nothing else shares the path: the waiter asks for the lock and is seen
/// in the queue; then the clock starts, the holder releases, and the clock stops when the waiter's acquire
/// returns granted (the release's own answer is awaited afterwards). The roles swap every round. Each grant
/// must carry the next fencing token, so a round that did not hand the lock over cannot pass unnoticed.
/// </summary>
internal static class HandoffRounds
{
    public static async Task<LatencyHistogram> RunAsync(IHandoffLock target, int warmupRounds, int rounds, Action? onMeasuredStart = null, Action? onMeasuredEnd = null)
    {
        var latency = new LatencyHistogram();
        var holder = 0;
        var token = await target.AcquireAsync(holder);
        for (var round = 0; round < warmupRounds + rounds; round++)
        {
            if (round == warmupRounds)
            {
                onMeasuredStart?.Invoke();
            }

            var waiter = 1 - holder;
            var waiting = target.AcquireAsync(waiter);
            while (await target.QueueLengthAsync() != 1)
            {
                if (waiting.IsCompleted)
                {
                    await waiting;
                    throw new BenchmarkInvalidException($"Round {round}: owner {waiter} was answered without waiting while owner {holder} held the lock.");
                }
            }

            var started = Stopwatch.GetTimestamp();
            var releasing = target.ReleaseAsync(holder, token);
            var granted = await waiting;
            var elapsed = Stopwatch.GetElapsedTime(started);
            await releasing;
            if (granted != token + 1)
            {
                throw new BenchmarkInvalidException($"Round {round}: the handoff granted token {granted} after token {token}; tokens must go up by one per grant.");
            }

            if (round >= warmupRounds)
            {
                latency.Record((long)elapsed.TotalNanoseconds);
            }

            token = granted;
            holder = waiter;
        }

        onMeasuredEnd?.Invoke();
        return latency;
    }
}
