namespace Coordination.Locks;

/// <summary>A snapshot of a lock.</summary>
/// <param name="Holder">The owner holding the lock, or null when it is free.</param>
/// <param name="FencingToken">The holder's token; when free, the last token issued (0 if never held).</param>
/// <param name="LeaseExpiresAt">When the holder's lease ends, or null when free.</param>
/// <param name="QueueLength">How many callers are waiting.</param>
[GenerateSerializer]
[Immutable]
[Alias("coordination.LockStatus")]
public sealed record LockStatus(
    [property: Id(0)] string? Holder,
    [property: Id(1)] long FencingToken,
    [property: Id(2)] DateTimeOffset? LeaseExpiresAt,
    [property: Id(3)] int QueueLength)
{
    public bool IsHeld => Holder is not null;
}
