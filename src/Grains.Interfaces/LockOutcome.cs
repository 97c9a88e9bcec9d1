namespace Coordination.Locks;

/// <summary>How an acquisition or renewal ended.</summary>
[GenerateSerializer]
[Alias("coordination.LockOutcome")]
public enum LockOutcome
{
    /// <summary>The caller took the lock; the ownership change committed.</summary>
    Acquired,

    /// <summary>The caller already held the lock; same token, no write.</summary>
    AlreadyHeld,

    /// <summary>The caller's lease was extended.</summary>
    Renewed,

    /// <summary>Another owner holds the lock.</summary>
    HeldByOther,

    /// <summary>The wait ran out before the lock came free.</summary>
    WaitTimedOut,

    /// <summary>The caller does not hold the lock (wrong owner or token, or its lease expired).</summary>
    NotHolder,

    /// <summary>Too many callers are already waiting for this key.</summary>
    QueueFull,
}
