using Orleans.Concurrency;

namespace Coordination.Locks;

/// <summary>
/// A lock identified by its key. One activation serializes all contention for the key in memory, and
/// the store is written (with compare-and-set) only when ownership changes.
/// </summary>
/// <remarks>
/// A caller is told "acquired" only after the ownership change committed. Fencing tokens strictly
/// increase per key for the key's whole life. Renewals, status and refused attempts never write.
/// The methods most often answered from memory (<see cref="TryAcquire"/> and <see cref="GetStatus"/>) return
/// <see cref="ValueTask{TResult}"/>, so their common case allocates no task: await each result once, or call
/// <c>AsTask()</c> to keep it.
/// </remarks>
[Alias("coordination.lock")]
public interface ILockGrain : IGrainWithStringKey
{
    /// <summary>
    /// How long a caller's runtime waits for the answer to <see cref="Acquire(string, TimeSpan, TimeSpan?)"/>:
    /// the longest wait a silo can allow (<c>MaxWait</c> is at most one day) plus a minute for the grant's write.
    /// Orleans' default response timeout (30 seconds) applies to every other method.
    /// </summary>
    public const string AcquireResponseTimeout = "1.00:01:00";

    /// <summary>
    /// Takes the lock if it is free or its lease has expired (a new fencing token, one store write). If
    /// <paramref name="owner"/> already holds it, succeeds again with the same token and extends the lease
    /// in memory. If another owner holds it, fails at once and names the holder.
    /// </summary>
    /// <param name="owner">Who is taking the lock; 1 to 256 characters.</param>
    /// <param name="lease">How long the lock is held without renewal; the silo's default when null.</param>
    [Alias("try-acquire")]
    ValueTask<LockResult> TryAcquire(string owner, TimeSpan? lease = null);

    /// <summary>
    /// Like <see cref="TryAcquire"/>, but when another owner holds the lock, waits in a FIFO queue for up to
    /// <paramref name="waitTimeout"/>. On release or expiry the lock passes directly to the head of the queue.
    /// Waiting never delays other calls to the same key.
    /// </summary>
    [AlwaysInterleave]
    [ResponseTimeout(AcquireResponseTimeout)]
    [Alias("acquire")]
    Task<LockResult> Acquire(string owner, TimeSpan waitTimeout, TimeSpan? lease = null);

    /// <summary>
    /// As <see cref="Acquire(string, TimeSpan, TimeSpan?)"/>; cancelling <paramref name="cancellationToken"/>
    /// (Orleans carries it to the silo) takes the caller out of the queue at once.
    /// </summary>
    [AlwaysInterleave]
    [ResponseTimeout(AcquireResponseTimeout)]
    [Alias("acquire-cancellable")]
    Task<LockResult> Acquire(string owner, TimeSpan waitTimeout, TimeSpan? lease, CancellationToken cancellationToken);

    /// <summary>Releases the lock if <paramref name="owner"/> holds it with <paramref name="fencingToken"/>; false otherwise.</summary>
    [Alias("release")]
    Task<bool> Release(string owner, long fencingToken);

    /// <summary>
    /// Extends the lease of the current holder, in memory only (no store write). Fails if the owner or token
    /// is not current, or the lease has already expired.
    /// </summary>
    [Alias("renew")]
    Task<LockResult> Renew(string owner, long fencingToken, TimeSpan? lease = null);

    /// <summary>The holder, fencing token, lease expiry and queue length, answered from memory.</summary>
    [AlwaysInterleave]
    [Alias("status")]
    ValueTask<LockStatus> GetStatus();

    /// <summary>Breaks the lock administratively (one store write); true if a live holder was removed.</summary>
    /// <param name="reason">Why, for the logs; 1 to 1024 characters.</param>
    [Alias("force-release")]
    Task<bool> ForceRelease(string reason);
}
