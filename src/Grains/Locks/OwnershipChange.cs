namespace Coordination.Locks;

/// <summary>The kinds of ownership change; each is exactly one store write.</summary>
[GenerateSerializer]
[Alias("coordination.OwnershipChangeKind")]
public enum OwnershipChangeKind
{
    /// <summary>A free or expired lock was taken.</summary>
    Grant,

    /// <summary>The holder released, and the lock passed to the head of the queue or became free.</summary>
    Release,

    /// <summary>The holder's lease ran out, and the lock passed to the head of the queue or became free.</summary>
    Expiry,

    /// <summary>An administrator broke the lock.</summary>
    ForceRelease,
}

/// <summary>
/// A change of owner decided by <see cref="LockStateMachine"/>: who had the lock, who gets it (null for
/// nobody), and which queued waiter that is, if any. It takes effect only once committed to the store.
/// </summary>
public sealed record OwnershipChange(OwnershipChangeKind Kind, LockHolder? Previous, LockHolder? Next, LockWaiter? Recipient)
{
    /// <summary>True when the lock passes to a queued waiter.</summary>
    public bool IsHandoff => Recipient is not null;
}
