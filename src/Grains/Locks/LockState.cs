namespace Coordination.Locks;

/// <summary>
/// What the store keeps for one lock key. It is written only when ownership changes, with compare-and-set,
/// and never deleted on the normal path: deleting it would reset <see cref="FencingToken"/>.
/// </summary>
[GenerateSerializer]
[Alias("coordination.LockState")]
public sealed class LockState
{
    /// <summary>The holder as of the last ownership change, or null when the lock was left free.</summary>
    [Id(0)]
    public string? Owner { get; set; }

    /// <summary>The last fencing token issued for this key. Only ever increases.</summary>
    [Id(1)]
    public long FencingToken { get; set; }

    /// <summary>The holder's lease end as of the last write. Renewals are not written, so it may be stale.</summary>
    [Id(2)]
    public DateTimeOffset? LeaseExpiresAt { get; set; }

    /// <summary>The holder's lease length, so a new activation can grant it one full lease.</summary>
    [Id(3)]
    public TimeSpan? LeaseDuration { get; set; }

    /// <summary>When the holder took the lock.</summary>
    [Id(4)]
    public DateTimeOffset? AcquiredAt { get; set; }

    /// <summary>The silo that wrote this version.</summary>
    [Id(5)]
    public string? Silo { get; set; }

    /// <summary>Unique per write; after an ambiguous write, finding it tells whether that write landed.</summary>
    [Id(6)]
    public string? Nonce { get; set; }

    /// <summary>Which kind of ownership change wrote this version.</summary>
    [Id(7)]
    public OwnershipChangeKind? LastChange { get; set; }

    /// <summary>The administrator's reason, after a force release.</summary>
    [Id(8)]
    public string? Reason { get; set; }

    /// <summary>When this version was written.</summary>
    [Id(9)]
    public DateTimeOffset? ChangedAt { get; set; }
}
