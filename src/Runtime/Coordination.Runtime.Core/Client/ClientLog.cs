using Microsoft.Extensions.Logging;

namespace Coordination.Client;

/// <summary>Log events of cluster clients, source-generated.</summary>
internal static partial class ClientLog
{
    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Client {ClientName} connected to gateway {Gateway} of cluster {ClusterId}")]
    public static partial void GatewayConnected(ILogger logger, string clientName, string gateway, string clusterId);

    [LoggerMessage(EventId = 401, Level = LogLevel.Warning, Message = "Client {ClientName} lost gateway {Gateway} ({Reason}); its calls in flight failed, new calls go to the other gateways")]
    public static partial void GatewayLost(ILogger logger, string clientName, string gateway, string reason);

    [LoggerMessage(EventId = 402, Level = LogLevel.Information, Message = "Client {ClientName} now knows the gateways {Gateways}")]
    public static partial void GatewayListChanged(ILogger logger, string clientName, string gateways);

    [LoggerMessage(EventId = 403, Level = LogLevel.Warning, Message = "Client {ClientName} could not read its gateway list: {Cause}")]
    public static partial void GatewayListUnavailable(ILogger logger, string clientName, string cause);
}
