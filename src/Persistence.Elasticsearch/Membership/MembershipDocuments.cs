using System.Text.Json.Serialization;
using Orleans;
using Orleans.Runtime;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>
/// A cluster's whole membership table as one document (<c>_id</c> = the cluster id), so one compare-and-set
/// changes a row and the table version together. <see cref="WriteId"/> is fresh on every write: it tells a writer
/// whose answer was lost whether the stored table is its own. Heartbeats are kept out of it, in
/// <see cref="HeartbeatDocument"/>s, so that "I am alive" never changes the table's etag.
/// </summary>
internal sealed class MembershipTableDocument
{
    public required string ClusterId { get; init; }

    public required int Version { get; init; }

    public required string WriteId { get; init; }

    public required List<MembershipRowDocument> Entries { get; init; }
}

/// <summary>One silo's row. <see cref="Etag"/> is the write id of the table write that last changed the row.</summary>
internal sealed class MembershipRowDocument
{
    /// <summary>The silo address in its parsable form, <c>ip:port@generation</c>.</summary>
    public required string Silo { get; init; }

    public required string Etag { get; init; }

    public required SiloStatus Status { get; init; }

    public string? SiloName { get; init; }

    public string? HostName { get; init; }

    public int ProxyPort { get; init; }

    public string? RoleName { get; init; }

    public int UpdateZone { get; init; }

    public int FaultZone { get; init; }

    public DateTime StartTime { get; init; }

    public DateTime IAmAliveTime { get; init; }

    /// <summary>Null (not empty) when the entry had no list, so the entry reads back as it was written.</summary>
    public List<SuspicionDocument>? Suspicions { get; init; }

    public static MembershipRowDocument From(MembershipEntry entry, string etag) => new()
    {
        Silo = entry.SiloAddress.ToParsableString(),
        Etag = etag,
        Status = entry.Status,
        SiloName = entry.SiloName,
        HostName = entry.HostName,
        ProxyPort = entry.ProxyPort,
        RoleName = entry.RoleName,
        UpdateZone = entry.UpdateZone,
        FaultZone = entry.FaultZone,
        StartTime = MembershipTimes.Utc(entry.StartTime),
        IAmAliveTime = MembershipTimes.Utc(entry.IAmAliveTime),
        Suspicions = entry.SuspectTimes?.Select(v => new SuspicionDocument { Suspector = v.Item1.ToParsableString(), CastAt = MembershipTimes.Utc(v.Item2) }).ToList(),
    };

    public SiloAddress Address() => SiloAddress.FromParsableString(Silo);

    /// <param name="aliveAt">The silo's last heartbeat, when there is one: the entry reports the later of it and the row's own time.</param>
    public MembershipEntry ToEntry(DateTime? aliveAt) => new()
    {
        SiloAddress = Address(),
        Status = Status,
        SiloName = SiloName!,
        HostName = HostName!,
        ProxyPort = ProxyPort,
        RoleName = RoleName,
        UpdateZone = UpdateZone,
        FaultZone = FaultZone,
        StartTime = MembershipTimes.Utc(StartTime),
        IAmAliveTime = aliveAt is { } heartbeat && heartbeat > IAmAliveTime ? heartbeat : MembershipTimes.Utc(IAmAliveTime),
        SuspectTimes = Suspicions?.Select(v => Tuple.Create(SiloAddress.FromParsableString(v.Suspector), MembershipTimes.Utc(v.CastAt))).ToList(),
    };

    /// <summary>When the row last showed the silo doing something: started, alive, or voted on (Orleans' measure for defunct entries).</summary>
    public DateTime LastUpdate(DateTime? aliveAt)
    {
        var last = StartTime > IAmAliveTime ? StartTime : IAmAliveTime;
        if (aliveAt > last)
        {
            last = aliveAt.Value;
        }

        foreach (var vote in Suspicions ?? [])
        {
            if (vote.CastAt > last)
            {
                last = vote.CastAt;
            }
        }

        return MembershipTimes.Utc(last);
    }
}

internal sealed class SuspicionDocument
{
    public required string Suspector { get; init; }

    public required DateTime CastAt { get; init; }
}

/// <summary>A silo's last "I am alive" (<c>_id</c> = <c>{clusterId}/heartbeat/{silo}</c>), written by that silo alone, without a precondition.</summary>
internal sealed class HeartbeatDocument
{
    public required string ClusterId { get; init; }

    public required string Silo { get; init; }

    public required DateTime AliveAt { get; init; }
}

/// <summary>Membership times are UTC instants; entries made with another kind are read as Orleans reads them.</summary>
internal static class MembershipTimes
{
    public static DateTime Utc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Utc => time,
        DateTimeKind.Local => time.ToUniversalTime(),
        _ => DateTime.SpecifyKind(time, DateTimeKind.Utc),
    };
}

/// <summary>Source-generated serialization of the membership documents, in the field names the index template maps.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MembershipTableDocument))]
[JsonSerializable(typeof(HeartbeatDocument))]
internal sealed partial class MembershipJsonContext : JsonSerializerContext
{
}
