namespace Coordination.Benchmarks.Peers;

/// <summary>
/// A lock service as the peers scenario drives it: try to take a key without waiting, take it waiting (for the
/// handoff), release it, and count the requests its store has served, where they can be counted.
/// </summary>
internal interface IPeerLock : IAsyncDisposable
{
    /// <summary>The system's name in the report, e.g. <c>distributedlock-redis</c>.</summary>
    string System { get; }

    /// <summary>Takes <paramref name="key"/> for <paramref name="owner"/> if it is free; null when someone else holds it.</summary>
    ValueTask<PeerHandle?> TryAcquireAsync(string key, string owner);

    /// <summary>Takes <paramref name="key"/>, waiting in the system's own waiting acquire (or a user's retry loop where there is none).</summary>
    Task<PeerHandle> AcquireWaitingAsync(string key, string owner, CancellationToken cancellationToken);

    /// <summary>True once a caller of <see cref="AcquireWaitingAsync"/> on <paramref name="key"/> has been refused and is waiting.</summary>
    Task<bool> HasWaiterAsync(string key);

    ValueTask ReleaseAsync(PeerHandle handle);

    /// <summary>Requests the system's store has served so far, or null where they cannot be counted.</summary>
    long? StoreRequests();
}

/// <summary>A held lock. <see cref="FencingToken"/> is null for systems that give none.</summary>
internal record PeerHandle(string Key, string Owner, long? FencingToken = null);

/// <summary>The system cannot run on this machine; the reason says what to do about it.</summary>
internal sealed class PeerUnavailableException(string reason) : Exception(reason);
