using Coordination.Runtime.Membership;
using Coordination.Runtime.Messaging;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>
/// A cluster's whole membership table as one document (<c>_id</c> = the cluster id), so one compare-and-set
/// covers every row. <see cref="WriteId"/> is fresh on every write: it tells a writer whose answer was lost
/// whether the stored table is its own.
/// </summary>
internal sealed class MembershipTableDocument
{
    public required string ClusterId { get; init; }

    public required long Version { get; init; }

    public required string WriteId { get; init; }

    public required List<MembershipEntryDocument> Entries { get; init; }

    public static MembershipTableDocument From(string clusterId, string writeId, MembershipTableData data) => new()
    {
        ClusterId = clusterId,
        Version = data.Version,
        WriteId = writeId,
        Entries = [.. data.Entries.Select(MembershipEntryDocument.From)],
    };

    public MembershipTableData ToData() => new(Version, [.. Entries.Select(e => e.ToEntry())]);
}

/// <summary>One silo's row; silo addresses are kept in their <c>ip:port@generation</c> text form.</summary>
internal sealed class MembershipEntryDocument
{
    public required string Silo { get; init; }

    public required string SiloName { get; init; }

    public required SiloStatus Status { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public string? GatewayEndpoint { get; init; }

    public string? Store { get; init; }

    public DateTimeOffset? DiedAt { get; init; }

    public List<SuspicionDocument> Suspicions { get; init; } = [];

    public static MembershipEntryDocument From(MembershipEntry entry) => new()
    {
        Silo = entry.Silo.ToString(),
        SiloName = entry.SiloName,
        Status = entry.Status,
        StartedAt = entry.StartedAt,
        GatewayEndpoint = entry.GatewayEndpoint,
        Store = entry.Store,
        DiedAt = entry.DiedAt,
        Suspicions = [.. entry.Suspicions.Select(v => new SuspicionDocument { Suspector = v.Suspector.ToString(), CastAt = v.CastAt })],
    };

    public MembershipEntry ToEntry() => new(
        SiloAddress.Parse(Silo),
        SiloName,
        Status,
        StartedAt,
        [.. Suspicions.Select(v => new SuspicionVote(SiloAddress.Parse(v.Suspector), v.CastAt))],
        GatewayEndpoint,
        Store,
        DiedAt);
}

internal sealed class SuspicionDocument
{
    public required string Suspector { get; init; }

    public required DateTimeOffset CastAt { get; init; }
}
