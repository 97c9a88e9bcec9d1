using Microsoft.Extensions.Logging;

namespace Coordination.Runtime.Messaging;

internal static partial class ListenerLog
{
    [LoggerMessage(EventId = 310, Level = LogLevel.Warning, Message = "The {Listener} listener failed to accept a connection: {Cause}")]
    public static partial void AcceptFailed(ILogger logger, string listener, string cause);

    [LoggerMessage(EventId = 311, Level = LogLevel.Warning, Message = "Forwarding {Call} failed: {Cause}")]
    public static partial void ForwardFailed(ILogger logger, string call, string cause);
}
