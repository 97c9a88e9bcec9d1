namespace Coordination.Locks;

/// <summary>The answer to an acquisition or renewal.</summary>
/// <param name="Acquired">True when the caller holds the lock after the call.</param>
/// <param name="FencingToken">The caller's fencing token when acquired, otherwise 0.</param>
/// <param name="Holder">Who holds the lock now (the caller, another owner, or null when free).</param>
/// <param name="LeaseExpiresAt">When the current holder's lease ends, as the serving silo reckons it.</param>
/// <param name="Outcome">Why the call ended as it did.</param>
[GenerateSerializer]
[Immutable]
[Alias("coordination.LockResult")]
public sealed record LockResult(
    [property: Id(0)] bool Acquired,
    [property: Id(1)] long FencingToken,
    [property: Id(2)] string? Holder,
    [property: Id(3)] DateTimeOffset? LeaseExpiresAt,
    [property: Id(4)] LockOutcome Outcome);
