namespace Coordination.Testing;

/// <summary>What an injected fault does to one write (see <see cref="GrainStorageProbe.InjectWriteFault"/>).</summary>
public enum StorageFault
{
    /// <summary>The store refuses before doing anything: nothing is applied, and the writer gets an error.</summary>
    FailWithoutApplying,

    /// <summary>
    /// The write is applied, then the writer gets an error as if the response were lost (a timeout or a reset
    /// after sending), so it cannot tell whether the write landed.
    /// </summary>
    ApplyThenLoseResponse,

    /// <summary>
    /// The write is held back and the writer gets an error as if it timed out. It reaches the store later, when
    /// the test calls <see cref="GrainStorageProbe.LandDelayedWritesAsync"/>, with compare-and-set against the
    /// etag it was sent with, as a request delayed inside a store would.
    /// </summary>
    LandLater,
}

/// <summary>
/// The error a writer or reader gets from an injected fault, unless the test names another. Orleans can carry it to a
/// caller, as it can the errors of a store that generates serializers for them.
/// </summary>
[GenerateSerializer]
public sealed class InjectedStorageFaultException : Exception
{
    public InjectedStorageFaultException(string message)
        : base(message)
    {
    }
}
