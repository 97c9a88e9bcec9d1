namespace Coordination.TestingHost;

/// <summary>What an injected storage fault does to one write.</summary>
public enum StorageFault
{
    /// <summary>The write is not applied and fails with an error: a store that refused before doing anything.</summary>
    FailWithoutApplying,

    /// <summary>
    /// The write is applied, then the call fails as if the response were lost (a timeout or reset after
    /// sending): the writer cannot tell whether it landed.
    /// </summary>
    ApplyThenLoseResponse,

    /// <summary>
    /// The write is held back and the call fails as if it timed out; it lands later, when the test calls
    /// <see cref="FaultInjectingGrainStorage.LandDelayedWritesAsync"/>, with compare-and-set against the etag
    /// it was sent with, as a request delayed inside a store would.
    /// </summary>
    LandLater,
}
