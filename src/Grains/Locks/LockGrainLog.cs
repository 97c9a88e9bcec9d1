using Microsoft.Extensions.Logging;

namespace Coordination.Locks;

/// <summary>Log events of lock grains, source-generated.</summary>
internal static partial class LockGrainLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Debug, Message = "Lock {Key}: {Kind} committed; holder {Owner}, token {FencingToken}")]
    public static partial void ChangeCommitted(ILogger logger, string key, OwnershipChangeKind kind, string? owner, long fencingToken);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Lock {Key} was force-released from {Owner} (token {FencingToken}): {Reason}")]
    public static partial void ForceReleased(ILogger logger, string key, string? owner, long fencingToken, string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Lock {Key}: a write lost a compare-and-set race (stored etag {StoredEtag}); re-read and decided again")]
    public static partial void WriteConflict(ILogger logger, string key, string? storedEtag);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Lock {Key}: the store did not confirm a write; re-reading to find out whether it landed")]
    public static partial void WriteOutcomeUnknown(ILogger logger, Exception exception, string key);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Lock {Key}: the unconfirmed write {Landed}")]
    public static partial void WriteOutcomeResolved(ILogger logger, string key, string landed);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Error, Message = "Lock {Key}: the store could not be read after an unconfirmed write; this activation no longer trusts its state and deactivates")]
    public static partial void StateLost(ILogger logger, Exception exception, string key);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "Lock {Key}: the lease timer could not settle an expiry; the next call or tick retries")]
    public static partial void ExpiryFailed(ILogger logger, Exception exception, string key);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "Lock {Key}: the store changed behind this activation (etag {KnownEtag} became {StoredEtag}), so another activation wrote it; adopted the stored state")]
    public static partial void StaleStateReplaced(ILogger logger, string key, string? knownEtag, string? storedEtag);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Warning, Message = "Lock {Key}: the store could not be read to confirm the holder; the caller was told to retry")]
    public static partial void ConfirmFailed(ILogger logger, Exception exception, string key);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Debug, Message = "Lock {Key}: told waiter {Owner} to retry, as this silo is stopping")]
    public static partial void WaiterToldToRetry(ILogger logger, string key, string owner);
}
