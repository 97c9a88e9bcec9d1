using Coordination.Runtime.Activation;

namespace Coordination.Runtime.Timers;

/// <summary>
/// A grain timer. When it fires it queues a tick on its activation; the tick runs as a turn, and the next
/// due time is armed only once the tick's task completes, so ticks never overlap.
/// </summary>
internal sealed class GrainTimer : IGrainTimer
{
    private readonly GrainActivation _activation;
    private readonly Func<CancellationToken, Task> _callback;
    private readonly GrainTimerOptions _options;
    private readonly ITimer _timer;
    private readonly CancellationTokenSource _disposed = new();
    private TimeSpan _dueTime;
    private TimeSpan _period;
    private bool _tickRunning;
    private bool _changedDuringTick;

    public GrainTimer(GrainActivation activation, Func<CancellationToken, Task> callback, GrainTimerOptions options, TimeProvider clock)
    {
        _activation = activation;
        _callback = callback;
        _options = options;
        _dueTime = options.DueTime;
        _period = options.Period;
        _timer = clock.CreateTimer(static state => ((GrainTimer)state!).OnFired(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public bool Interleaves => _options.Interleave;

    public bool KeepsAlive => _options.KeepAlive;

    public GrainId GrainId => _activation.GrainId;

    public void Start() => Arm(_dueTime);

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        _dueTime = dueTime;
        _period = period;
        if (_tickRunning)
        {
            // A callback re-arming its own timer: the new due time counts from the end of the tick.
            _changedDuringTick = true;
        }
        else
        {
            Arm(dueTime);
        }
    }

    public void Dispose()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        _disposed.Cancel();
        _timer.Dispose();
        _activation.RemoveTimer(this);
    }

    internal Task InvokeCallback() => _callback(_disposed.Token);

    internal void OnTickStarting() => _tickRunning = true;

    internal void OnTickCompleted(Exception? failure)
    {
        _tickRunning = false;
        if (failure is not null and not OperationCanceledException)
        {
            ActivationLog.TimerCallbackFailed(_activation.Logger, failure, _activation.GrainId);
        }

        if (_changedDuringTick)
        {
            _changedDuringTick = false;
            Arm(_dueTime);
        }
        else if (_period != Timeout.InfiniteTimeSpan)
        {
            Arm(_period);
        }
    }

    private void Arm(TimeSpan dueTime)
    {
        if (!_disposed.IsCancellationRequested)
        {
            _timer.Change(dueTime, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnFired()
    {
        if (!_disposed.IsCancellationRequested)
        {
            _activation.TryEnqueue(new TimerTickRequest(this));
        }
    }
}
