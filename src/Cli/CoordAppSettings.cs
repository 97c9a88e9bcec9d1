using Microsoft.Extensions.Logging;

namespace Coordination.Cli;

/// <summary>What a run of coord takes from its surroundings besides arguments; tests replace parts of it.</summary>
internal sealed class CoordAppSettings
{
    /// <summary>The clock of the lock handle exec holds (its renewals and its idea of the lease). Default: the system clock.</summary>
    public TimeProvider LockClock { get; init; } = TimeProvider.System;

    /// <summary>The clock that paces repeats of calls that certainly did not run. Default: the system clock.</summary>
    public TimeProvider RetryClock { get; init; } = TimeProvider.System;

    /// <summary>How long exec lets its command exit after being asked to (SIGTERM) before killing its process tree.</summary>
    public TimeSpan StopGracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The lowest level logged, by coord and by its Orleans client. Default: nothing is logged.</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.None;

    /// <summary>Adds the log providers that receive what <see cref="LogLevel"/> lets through; none by default.</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }
}
