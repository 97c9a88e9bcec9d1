namespace Coordination.TestingHost;

/// <summary>
/// A <see cref="TimeProvider"/> whose clock moves only when a test says so. Timers created through it
/// (including <c>Task.Delay(.., provider)</c> and <c>CancellationTokenSource(.., provider)</c>) fire
/// synchronously on the thread that calls <see cref="Advance"/>, in due-time order, so tests never sleep.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now;
    private long _sequence;

    /// <summary>Creates a clock starting at 2030-01-01T00:00:00Z, a fixed instant so test output is stable.</summary>
    public ManualTimeProvider()
        : this(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    public ManualTimeProvider(DateTimeOffset start) => _now = start;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>Number of timers that are armed (have a due time).</summary>
    public int ArmedTimerCount
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count(t => t.DueAt is not null);
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override long GetTimestamp()
    {
        lock (_gate)
        {
            return _now.UtcTicks;
        }
    }

    /// <summary>Moves the clock forward, firing every timer that falls due on the way, in order.</summary>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + delta;
        }

        while (true)
        {
            ManualTimer? due;
            lock (_gate)
            {
                due = _timers
                    .Where(t => t.DueAt is { } at && at <= target)
                    .OrderBy(t => t.DueAt)
                    .ThenBy(t => t.Sequence)
                    .FirstOrDefault();
                if (due is null)
                {
                    _now = target;
                    return;
                }

                if (due.DueAt > _now)
                {
                    _now = due.DueAt!.Value;
                }

                due.DueAt = due.Period is { } period ? _now + period : null;
            }

            due.Fire();
        }
    }

    /// <summary>Sets the clock to a later instant, firing timers on the way.</summary>
    public void SetUtcNow(DateTimeOffset value)
    {
        var delta = value - GetUtcNow();
        if (delta < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "The manual clock cannot move backwards.");
        }

        Advance(delta);
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new ManualTimer(this, callback, state);
        lock (_gate)
        {
            _timers.Add(timer);
            ChangeLocked(timer, dueTime, period);
        }

        return timer;
    }

    private void ChangeLocked(ManualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        timer.Sequence = ++_sequence;
        timer.DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : _now + dueTime;
        timer.Period = period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero ? null : period;
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? DueAt { get; set; }

        public TimeSpan? Period { get; set; }

        public long Sequence { get; set; }

        private bool _disposed;

        public void Fire()
        {
            lock (owner._gate)
            {
                if (_disposed)
                {
                    return;
                }
            }

            callback(state);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._gate)
            {
                if (_disposed)
                {
                    return false;
                }

                owner.ChangeLocked(this, dueTime, period);
                return true;
            }
        }

        public void Dispose()
        {
            lock (owner._gate)
            {
                _disposed = true;
                DueAt = null;
                owner._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
