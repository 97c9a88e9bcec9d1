using Microsoft.Extensions.Logging;

namespace Coordination.Runtime.Activation;

/// <summary>Log events of activations, source-generated.</summary>
internal static partial class ActivationLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "Activated grain {GrainId}")]
    public static partial void Activated(ILogger logger, GrainId grainId);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Activation of grain {GrainId} failed; its waiting calls were refused")]
    public static partial void ActivationFailed(ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(EventId = 102, Level = LogLevel.Debug, Message = "Deactivated grain {GrainId}: {Reason}")]
    public static partial void Deactivated(ILogger logger, GrainId grainId, string reason);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "OnDeactivateAsync of grain {GrainId} failed or timed out; the activation was dropped anyway")]
    public static partial void DeactivationFailed(ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "Grain {GrainId} will deactivate: a write found stored etag {StoredEtag} where {CurrentEtag} was expected")]
    public static partial void InconsistentState(ILogger logger, GrainId grainId, string? storedEtag, string? currentEtag);

    [LoggerMessage(EventId = 105, Level = LogLevel.Debug, Message = "Dropped {Interface}.{Method} to grain {GrainId}: its deadline passed before it could start")]
    public static partial void ExpiredCallDropped(ILogger logger, string @interface, string method, GrainId grainId);

    [LoggerMessage(EventId = 106, Level = LogLevel.Error, Message = "A queued callback of grain {GrainId} threw")]
    public static partial void WorkItemFailed(ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(EventId = 107, Level = LogLevel.Error, Message = "The timer callback of grain {GrainId} threw; the timer keeps running")]
    public static partial void TimerCallbackFailed(ILogger logger, Exception exception, GrainId grainId);
}
