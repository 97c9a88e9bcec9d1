using Microsoft.Extensions.Logging;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>Log events of the Elasticsearch client. URLs are logged without credentials.</summary>
internal static partial class ElasticsearchClientLog
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Warning, Message = "Elasticsearch node {Node} is unreachable ({Cause}); trying another node")]
    public static partial void NodeUnreachable(ILogger logger, string node, string cause);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "{Operation} was refused by {Node} with {Status} ({Error}); retrying in {Delay}")]
    public static partial void Retrying(ILogger logger, string operation, string node, int status, string error, TimeSpan delay);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "{Operation} sent to {Node} got no answer within {Timeout}")]
    public static partial void NoAnswer(ILogger logger, string operation, string node, TimeSpan timeout);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Index {Index} was missing; created it from its template and retried {Operation}")]
    public static partial void IndexCreated(ILogger logger, string index, string operation);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Connected to Elasticsearch {Version} (cluster {Cluster}) at {Node}")]
    public static partial void Connected(ILogger logger, string version, string? cluster, string node);
}
