using Coordination.Runtime.Messaging;
using Coordination.Runtime.Placement;

namespace Coordination.Runtime.Membership;

/// <summary>An immutable picture of the cluster as one silo last read it: who is in it, and the ring of active silos.</summary>
public sealed class MembershipView
{
    public MembershipView(MembershipTableData data)
    {
        Version = data.Version;
        Entries = data.Entries;
        ActiveSilos = [.. data.Entries.Where(e => e.Status == SiloStatus.Active).Select(e => e.Silo).OrderBy(s => s.ToString(), StringComparer.Ordinal)];
        Ring = new ConsistentHashRing(ActiveSilos);
    }

    public static MembershipView Empty { get; } = new(MembershipTableData.Empty);

    public long Version { get; }

    public IReadOnlyList<MembershipEntry> Entries { get; }

    /// <summary>The silos on the placement ring, in a stable order.</summary>
    public IReadOnlyList<SiloAddress> ActiveSilos { get; }

    public ConsistentHashRing Ring { get; }

    public SiloStatus? StatusOf(SiloAddress silo) => Entries.FirstOrDefault(e => e.Silo == silo)?.Status;

    public override string ToString() => $"v{Version}: {string.Join(", ", Entries.Select(e => $"{e.SiloName} {e.Silo} {e.Status}"))}";
}
