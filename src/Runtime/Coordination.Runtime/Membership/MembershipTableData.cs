namespace Coordination.Runtime.Membership;

/// <summary>
/// The whole membership table of a cluster. It is written as one unit with compare-and-set, so two silos
/// that each try to declare the other dead cannot both succeed: the second write sees the first.
/// </summary>
/// <param name="Version">Increases by one with every write; for logs and views.</param>
/// <param name="Entries">
/// One per silo that joined; dead ones are kept for <see cref="MembershipOptions.DefunctSiloRetention"/>, then
/// removed (a silo that finds its own entry gone from a newer table knows it was declared dead).
/// </param>
public sealed record MembershipTableData(long Version, IReadOnlyList<MembershipEntry> Entries)
{
    public static MembershipTableData Empty { get; } = new(0, []);

    public MembershipEntry? Find(Messaging.SiloAddress silo) => Entries.FirstOrDefault(e => e.Silo == silo);

    /// <summary>The table with <paramref name="entry"/> replacing the entry of the same silo (or added), and the version bumped.</summary>
    public MembershipTableData With(MembershipEntry entry) =>
        new(Version + 1, [.. Entries.Where(e => e.Silo != entry.Silo), entry]);

    /// <summary>
    /// The table with every earlier generation on <paramref name="silo"/>'s endpoint marked Dead: a process
    /// restarted on the same endpoint proves that the previous one is gone, so nobody waits to detect it.
    /// </summary>
    public MembershipTableData SupersedingEarlierGenerations(Messaging.SiloAddress silo, DateTimeOffset now) =>
        new(Version, [.. Entries.Select(e =>
            e.Status != SiloStatus.Dead && e.Silo.Endpoint.Equals(silo.Endpoint) && e.Silo.Generation < silo.Generation
                ? e.WithStatus(SiloStatus.Dead, now)
                : e)]);

    /// <summary>The entries that have been Dead for <paramref name="retention"/> at <paramref name="now"/>.</summary>
    public IReadOnlyList<MembershipEntry> Defunct(DateTimeOffset now, TimeSpan retention) =>
        [.. Entries.Where(e => e.IsDefunct(now, retention))];

    /// <summary>The table without <paramref name="removed"/>, and the version bumped.</summary>
    public MembershipTableData Without(IReadOnlyCollection<MembershipEntry> removed) =>
        new(Version + 1, [.. Entries.Where(e => !removed.Any(r => r.Silo == e.Silo))]);
}

/// <summary>The table as read, with the etag its compare-and-set write needs, and the last heartbeat of each silo.</summary>
/// <param name="Data">The table (empty when none was ever written).</param>
/// <param name="Etag">Null when the table does not exist yet.</param>
/// <param name="Heartbeats">Each silo's last "I am alive" time, as it wrote it.</param>
public sealed record MembershipSnapshot(MembershipTableData Data, string? Etag, IReadOnlyDictionary<Messaging.SiloAddress, DateTimeOffset> Heartbeats);
