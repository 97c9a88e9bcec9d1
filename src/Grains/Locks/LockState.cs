namespace Coordination.Locks;

/// <summary>
/// What the store keeps for one lock key. It is written only when ownership changes, with compare-and-set,
/// and never deleted on the normal path: deleting it would reset <see cref="FencingToken"/>.
/// </summary>
public sealed class LockState
{
    /// <summary>The holder as of the last ownership change, or null when the lock was left free.</summary>
    public string? Owner { get; set; }

    /// <summary>The last fencing token issued for this key. Only ever increases.</summary>
    public long FencingToken { get; set; }

    /// <summary>The holder's lease end as of the last write. Renewals are not written, so it may be stale.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; set; }

    /// <summary>The holder's lease length, so a new activation can grant it one full lease.</summary>
    public TimeSpan? LeaseDuration { get; set; }

    /// <summary>When the holder took the lock.</summary>
    public DateTimeOffset? AcquiredAt { get; set; }

    /// <summary>The silo that wrote this version.</summary>
    public string? Silo { get; set; }

    /// <summary>Unique per write; after an ambiguous write, finding it tells whether that write landed.</summary>
    public string? Nonce { get; set; }

    /// <summary>Which kind of ownership change wrote this version.</summary>
    public OwnershipChangeKind? LastChange { get; set; }

    /// <summary>The administrator's reason, after a force release.</summary>
    public string? Reason { get; set; }

    /// <summary>When this version was written.</summary>
    public DateTimeOffset? ChangedAt { get; set; }
}
