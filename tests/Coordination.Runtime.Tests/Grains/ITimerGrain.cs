namespace Coordination.Runtime.Tests.Grains;

public interface ITimerGrain : IGrainWithStringKey
{
    Task Start(TimeSpan dueTime, TimeSpan period, bool interleave);

    Task Stop();

    /// <summary>A one-shot timer whose callback re-arms it for <paramref name="then"/> later.</summary>
    Task StartSelfRearming(TimeSpan first, TimeSpan then);

    [AlwaysInterleave]
    Task<int> Ticks();

    /// <summary>Holds the activation like <see cref="ITurnGrain.Hold"/>.</summary>
    Task Hold(string name);
}

public sealed class TimerGrain : Grain, ITimerGrain
{
    private IGrainTimer? _timer;
    private int _ticks;

    public Task Start(TimeSpan dueTime, TimeSpan period, bool interleave)
    {
        _timer?.Dispose();
        _timer = RegisterGrainTimer(
            _ =>
            {
                _ticks++;
                return Task.CompletedTask;
            },
            new GrainTimerOptions { DueTime = dueTime, Period = period, Interleave = interleave });
        return Task.CompletedTask;
    }

    public Task StartSelfRearming(TimeSpan first, TimeSpan then)
    {
        _timer?.Dispose();
        IGrainTimer? timer = null;
        timer = RegisterGrainTimer(
            _ =>
            {
                _ticks++;
                timer!.Change(then, Timeout.InfiniteTimeSpan);
                return Task.CompletedTask;
            },
            new GrainTimerOptions { DueTime = first });
        _timer = timer;
        return Task.CompletedTask;
    }

    public Task Stop()
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    public Task<int> Ticks() => Task.FromResult(_ticks);

    public async Task Hold(string name)
    {
        Signals.Set(name + ":entered");
        await Signals.Get(name + ":release").Task;
    }
}
