using Microsoft.Extensions.Logging;

namespace Coordination.Client;

/// <summary>What the lock handles log: failures they ride out, and the moments a lock is given up or lost.</summary>
internal static partial class LockClientLog
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Debug, Message = "Acquiring lock {Key} as {Owner} failed ({Reason}); the grant may have committed, so the same owner asks again in {Pause}.")]
    public static partial void AcquireRetrying(ILogger logger, string key, string owner, string reason, TimeSpan pause);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Gave up acquiring lock {Key} as {Owner} with the outcome of the last attempt unknown; it is released if it was granted after all.")]
    public static partial void AcquireAbandoned(ILogger logger, string key, string owner);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Renewing lock {Key} (owner {Owner}, fencing token {FencingToken}) failed; retrying at the next interval while the lease may still run.")]
    public static partial void RenewalFailed(ILogger logger, Exception exception, string key, string owner, long fencingToken);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "Lock {Key} (owner {Owner}, fencing token {FencingToken}) is lost: {Reason}.")]
    public static partial void LockLost(ILogger logger, string key, string owner, long fencingToken, string reason);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Warning, Message = "Releasing lock {Key} (owner {Owner}, fencing token {FencingToken}) failed; it stays held until its lease ends.")]
    public static partial void ReleaseFailed(ILogger logger, Exception exception, string key, string owner, long fencingToken);
}
