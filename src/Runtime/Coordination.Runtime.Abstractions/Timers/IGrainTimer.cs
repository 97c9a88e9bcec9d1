namespace Coordination;

/// <summary>A timer owned by an activation. It stops when disposed or when the activation is deactivated.</summary>
public interface IGrainTimer : IDisposable
{
    /// <summary>Re-arms the timer. <see cref="Timeout.InfiniteTimeSpan"/> as due time stops it until changed again.</summary>
    void Change(TimeSpan dueTime, TimeSpan period);
}
