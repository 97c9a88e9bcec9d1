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
internal sealed class HandoffRounds
{
    private readonly IHandoffLock _target;
    private int _holder;
    private long _token;
    private int _round;

    private HandoffRounds(IHandoffLock target, long token)
    {
        _target = target;
        _token = token;
    }

    /// <summary>Owner 0 takes the lock, ready for the first round.</summary>
    public static async Task<HandoffRounds> StartAsync(IHandoffLock target) => new(target, await target.AcquireAsync(0));

    public static async Task<LatencyHistogram> RunAsync(IHandoffLock target, int warmupRounds, int rounds, Action? onMeasuredStart = null, Action? onMeasuredEnd = null)
    {
        var latency = new LatencyHistogram();
        var handoffs = await StartAsync(target);
        for (var round = 0; round < warmupRounds + rounds; round++)
        {
            if (round == warmupRounds)
            {
                onMeasuredStart?.Invoke();
            }

            var elapsed = await handoffs.RunRoundAsync();
            if (round >= warmupRounds)
            {
                latency.Record((long)elapsed.TotalNanoseconds);
            }
        }

        onMeasuredEnd?.Invoke();
        return latency;
    }

    /// <summary>The holder releases the lock, leaving it free.</summary>
    public Task FinishAsync() => _target.ReleaseAsync(_holder, _token);

    /// <summary>One handoff from the holder to the other owner; returns its latency.</summary>
    public async Task<TimeSpan> RunRoundAsync()
    {
        var round = _round++;
        var waiter = 1 - _holder;
        var waiting = _target.AcquireAsync(waiter);
        while (await _target.QueueLengthAsync() != 1)
        {
            if (waiting.IsCompleted)
            {
                await waiting;
                throw new BenchmarkInvalidException($"Round {round}: owner {waiter} was answered without waiting while owner {_holder} held the lock.");
            }
        }

        var started = Stopwatch.GetTimestamp();
        var releasing = _target.ReleaseAsync(_holder, _token);
        var granted = await waiting;
        var elapsed = Stopwatch.GetElapsedTime(started);
        await releasing;
        if (granted != _token + 1)
        {
            throw new BenchmarkInvalidException($"Round {round}: the handoff granted token {granted} after token {_token}; tokens must go up by one per grant.");
        }

        _token = granted;
        _holder = waiter;
        return elapsed;
    }
}
