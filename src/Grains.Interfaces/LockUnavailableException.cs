namespace Coordination.Locks;

/// <summary>
/// The lock could not be served just now: its store is unreachable, or its activation is moving or
/// restarting. Nothing was granted that the caller was not told about; retrying is safe, because
/// acquisitions by the same owner are idempotent.
/// </summary>
[GenerateSerializer]
[Alias("coordination.LockUnavailableException")]
public sealed class LockUnavailableException : Exception
{
    public LockUnavailableException(string message)
        : base(message)
    {
    }

    public LockUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
