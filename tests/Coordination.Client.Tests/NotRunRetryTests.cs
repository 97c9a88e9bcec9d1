using System.Reflection;
using Coordination.Cli;
using Coordination.Locks;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime.Messaging;

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
            NullLogger.Instance,
            TestContext.Current.CancellationToken);

        Assert.Equal("ran", answer);
        Assert.Equal(5, calls);
        Assert.Equal([50, 100, 200, 400], clock.PausesInMilliseconds);
    }

    public static TheoryData<Exception> MayHaveRun => new()
    {
        new SiloUnavailableException("The target silo became unavailable for message"),
        new TimeoutException("Response did not arrive on time"),
        new LockUnavailableException("Lock k is moving to a new activation; retry."),
        new OrleansException("Error from storage provider"),
    };

    [Theory]
    [MemberData(nameof(MayHaveRun))]
    public async Task A_call_that_may_have_run_is_never_repeated(Exception failure)
    {
        var clock = new SteppingClock();
        var calls = 0;

        var error = await Assert.ThrowsAnyAsync<Exception>(() => NotRunRetry.RunAsync<string>(
            () =>
            {
                calls++;
                throw failure;
            },
            Allowed,
            clock,
            NullLogger.Instance,
            TestContext.Current.CancellationToken));

        Assert.Same(failure, error);
        Assert.Equal(1, calls);
        Assert.Empty(clock.PausesInMilliseconds);
    }

    [Fact]
    public async Task Repeats_stop_with_the_last_failure_once_the_next_pause_would_pass_the_time_allowed()
    {
        var clock = new SteppingClock();
        var calls = 0;

        var error = await Assert.ThrowsAsync<OrleansMessageRejectionException>(() => NotRunRetry.RunAsync<string>(
            () => throw NotRun(++calls),
            Allowed,
            clock,
            NullLogger.Instance,
            TestContext.Current.CancellationToken));

        // 50 + 100 + 200 + 400 + 800 ms = 1.55 s; one more second would end at 2.55 s, past the 2 s allowed.
        Assert.Equal([50, 100, 200, 400, 800], clock.PausesInMilliseconds);
        Assert.Equal(6, calls);
        Assert.Equal("attempt 6 was not sent", error.Message);
    }

    public static TheoryData<Exception> DidNotRun => new()
    {
        new ConnectionFailedException("Unable to connect to endpoint S127.0.0.1:30000:0"),
        new GatewayTooBusyException(),
        NotRun(),
    };

    [Theory]
    [MemberData(nameof(DidNotRun))]
    public async Task Each_failure_that_guarantees_the_call_did_not_run_is_repeated(Exception failure)
    {
        var calls = 0;

        var answer = await NotRunRetry.RunAsync(
            () => ++calls == 1 ? throw failure : Task.FromResult("ran"),
            Allowed,
            new SteppingClock(),
            NullLogger.Instance,
            TestContext.Current.CancellationToken);

        Assert.Equal("ran", answer);
        Assert.Equal(2, calls);
    }

    /// <summary>
    /// A rejection as Orleans' messaging raises it for a request it could not deliver (a gateway that cannot reach the
    /// silo it addressed the request to). Only Orleans creates these, so the constructor is not public.
    /// </summary>
    private static OrleansMessageRejectionException NotRun(int attempt = 0) =>
        (OrleansMessageRejectionException)Activator.CreateInstance(
            typeof(OrleansMessageRejectionException),
            BindingFlags.Instance | BindingFlags.NonPublic,
            binder: null,
            args: [$"attempt {attempt} was not sent"],
            culture: null)!;

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
