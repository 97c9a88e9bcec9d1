namespace Coordination.Locks;

/// <summary>The owner of a lock and its lease, as this activation knows it.</summary>
public sealed record LockHolder(string Owner, long FencingToken, DateTimeOffset AcquiredAt, DateTimeOffset LeaseExpiresAt, TimeSpan LeaseDuration)
{
    public bool IsLiveAt(DateTimeOffset now) => now < LeaseExpiresAt;
}
