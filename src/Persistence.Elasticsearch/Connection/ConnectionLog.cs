using Microsoft.Extensions.Logging;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>Log events of <see cref="ElasticsearchConnection"/>. Nodes are named by scheme, host and port, never with credentials.</summary>
internal static partial class ConnectionLog
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Warning, Message = "Elasticsearch node {Node} is unreachable ({Cause})")]
    public static partial void NodeUnreachable(ILogger logger, string node, string cause);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "{Operation} did not run ({Refusal}); retrying in {Delay}")]
    public static partial void Retrying(ILogger logger, string operation, string refusal, TimeSpan delay);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "{Operation} sent to {Node} got no answer within {Timeout}")]
    public static partial void NoAnswer(ILogger logger, string operation, string node, TimeSpan timeout);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Index {Index} was missing; created it from its template and sent the {Operation} again")]
    public static partial void IndexCreated(ILogger logger, string index, string operation);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Connected to Elasticsearch {Version} (cluster {Cluster}) at {Node}")]
    public static partial void Connected(ILogger logger, string version, string? cluster, string node);
}
