namespace Coordination;

/// <summary>When a grain timer fires, and how its turns are scheduled.</summary>
public sealed record GrainTimerOptions
{
    /// <summary>Delay before the first tick. <see cref="Timeout.InfiniteTimeSpan"/> leaves the timer stopped.</summary>
    public TimeSpan DueTime { get; init; }

    /// <summary>Delay between the end of one tick and the next. <see cref="Timeout.InfiniteTimeSpan"/> fires once.</summary>
    public TimeSpan Period { get; init; } = Timeout.InfiniteTimeSpan;

    /// <summary>When true, a tick may start while a call is awaiting something. Default false.</summary>
    public bool Interleave { get; init; }

    /// <summary>When true, ticks count as activity for idle collection. Default false.</summary>
    public bool KeepAlive { get; init; }
}
