using Coordination.Client.Cli;

namespace Coordination.Client.Tests;

public sealed class NotRunRetryTests
{
    private static readonly TimeSpan Allowed = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_call_that_did_not_run_is_repeated_after_growing_pauses_until_it_runs()
    {
        var clock = new SteppingClock();
        var calls = 0;

        var answer = await NotRunRetry.RunAsync(
            () => ++calls < 5 ? throw NotRun() : Task.FromResult("ran"),
            Allowed,
            clock,
            TestContext.Current.CancellationToken);

        Assert.Equal("ran", answer);
        Assert.Equal(5, calls);
        Assert.Equal([50, 100, 200, 400], clock.PausesInMilliseconds);
    }

    [Fact]
    public async Task A_call_that_may_have_run_is_never_repeated()
    {
        var clock = new SteppingClock();
        var calls = 0;

        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => NotRunRetry.RunAsync<string>(
            () =>
            {
                calls++;
                throw new SiloUnavailableException("lost while running", callDidNotRun: false);
            },
            Allowed,
            clock,
            TestContext.Current.CancellationToken));

        Assert.Equal("lost while running", error.Message);
        Assert.Equal(1, calls);
        Assert.Empty(clock.PausesInMilliseconds);
    }

    [Fact]
    public async Task Repeats_stop_with_the_last_failure_once_the_next_pause_would_pass_the_time_allowed()
    {
        var clock = new SteppingClock();
        var calls = 0;

        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => NotRunRetry.RunAsync<string>(
            () => throw NotRun(++calls),
            Allowed,
            clock,
            TestContext.Current.CancellationToken));

        // 50 + 100 + 200 + 400 + 800 ms = 1.55 s; one more second would end at 2.55 s, past the 2 s allowed.
        Assert.Equal([50, 100, 200, 400, 800], clock.PausesInMilliseconds);
        Assert.Equal(6, calls);
        Assert.Equal("attempt 6 was not sent", error.Message);
    }

    private static SiloUnavailableException NotRun(int attempt = 0) => new($"attempt {attempt} was not sent", callDidNotRun: true);

    /// <summary>A clock on which every timer fires at once, moving time on by its due time: pauses are recorded, never waited for.</summary>
    private sealed class SteppingClock : TimeProvider
    {
        private readonly List<int> _pauses = [];
        private long _ticks;

        public IReadOnlyList<int> PausesInMilliseconds
        {
            get
            {
                lock (_pauses)
                {
                    return [.. _pauses];
                }
            }
        }

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            lock (_pauses)
            {
                _pauses.Add((int)dueTime.TotalMilliseconds);
            }

            Interlocked.Add(ref _ticks, dueTime.Ticks);
            ThreadPool.UnsafeQueueUserWorkItem(_ => callback(state), null);
            return new FiredTimer();
        }

        private sealed class FiredTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => false;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
