using Microsoft.Extensions.Logging;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>Log events of the Elasticsearch membership table.</summary>
internal static partial class ElasticsearchMembershipLog
{
    [LoggerMessage(EventId = 2100, Level = LogLevel.Warning,
        Message = "The membership table write of cluster {ClusterId} to index {Index} got no usable answer ({Cause}); reading it back shows it {Outcome}")]
    public static partial void AmbiguousWriteResolved(ILogger logger, string clusterId, string index, string cause, string outcome);
}
