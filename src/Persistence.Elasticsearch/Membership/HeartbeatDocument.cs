namespace Coordination.Persistence.Elasticsearch;

/// <summary>
/// A silo's last "I am alive", one document per silo (<c>_id</c> = <c>{clusterId}/heartbeat/{silo}</c>), kept
/// out of the table so that heartbeats never contend with the table's compare-and-set.
/// </summary>
internal sealed class HeartbeatDocument
{
    public required string ClusterId { get; init; }

    public required string Silo { get; init; }

    public required DateTimeOffset AliveAt { get; init; }
}
