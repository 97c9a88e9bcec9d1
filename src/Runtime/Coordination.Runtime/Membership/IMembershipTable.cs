using Coordination.Runtime.Messaging;

namespace Coordination.Runtime.Membership;

/// <summary>
/// Where a cluster keeps its membership: one table, written with compare-and-set, plus per-silo heartbeats
/// written without it (they only ever move forward, and contending on the table for them would slow
/// everything else). Implementations: in memory (test clusters in one process) and Elasticsearch.
/// </summary>
public interface IMembershipTable
{
    /// <summary>Reads the table and the heartbeats of the silos in it that are not Dead.</summary>
    Task<MembershipSnapshot> ReadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the table if it is still at <paramref name="expectedEtag"/> (null: the table must not exist
    /// yet). False when another silo wrote it first: read again and redo the change.
    /// </summary>
    Task<bool> TryWriteAsync(MembershipTableData data, string? expectedEtag, CancellationToken cancellationToken);

    /// <summary>Records that <paramref name="silo"/> was alive at <paramref name="at"/>.</summary>
    Task WriteHeartbeatAsync(SiloAddress silo, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Forgets the heartbeats of silos whose entries were removed; a heartbeat already gone is no error.</summary>
    Task DeleteHeartbeatsAsync(IReadOnlyCollection<SiloAddress> silos, CancellationToken cancellationToken);
}
