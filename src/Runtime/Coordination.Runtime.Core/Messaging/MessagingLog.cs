using Microsoft.Extensions.Logging;

namespace Coordination.Runtime.Messaging;

/// <summary>Log events of connections, source-generated.</summary>
internal static partial class MessagingLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "Closed the connection with {Remote}: it sent {Violation}")]
    public static partial void ProtocolViolation(ILogger logger, string remote, string violation);

    [LoggerMessage(EventId = 301, Level = LogLevel.Error, Message = "The connection with {Remote} failed unexpectedly and was closed")]
    public static partial void ConnectionFault(ILogger logger, Exception exception, string remote);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "Refused a connection from {Remote}: {Reason}")]
    public static partial void HandshakeRefused(ILogger logger, string remote, string reason);

    [LoggerMessage(EventId = 303, Level = LogLevel.Warning, Message = "{Remote} refused our connection: {Reason}")]
    public static partial void RefusedByPeer(ILogger logger, string remote, string reason);

    [LoggerMessage(EventId = 304, Level = LogLevel.Debug, Message = "Connection with {Remote} closed: {Reason}")]
    public static partial void ConnectionClosed(ILogger logger, string remote, string reason);

    [LoggerMessage(EventId = 305, Level = LogLevel.Warning, Message = "Could not answer {Call}: its result could not be serialized")]
    public static partial void ResponseNotSerializable(ILogger logger, Exception exception, string call);
}
