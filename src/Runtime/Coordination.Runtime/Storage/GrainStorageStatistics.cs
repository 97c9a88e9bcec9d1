namespace Coordination.Runtime.Storage;

/// <summary>Operation counts of one storage provider on this silo. Thread-safe.</summary>
public sealed class GrainStorageStatistics
{
    private long _reads;
    private long _writes;
    private long _clears;
    private long _conflicts;
    private long _unknownOutcomes;
    private long _failures;

    /// <summary>Reads attempted.</summary>
    public long Reads => Interlocked.Read(ref _reads);

    /// <summary>Writes attempted (successful, conflicting or failed).</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>Clears attempted.</summary>
    public long Clears => Interlocked.Read(ref _clears);

    /// <summary>Writes and clears refused because the etag differed.</summary>
    public long Conflicts => Interlocked.Read(ref _conflicts);

    /// <summary>Writes whose outcome the store could not report.</summary>
    public long UnknownOutcomes => Interlocked.Read(ref _unknownOutcomes);

    /// <summary>Operations that failed for any other reason.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    internal void CountRead() => Interlocked.Increment(ref _reads);

    internal void CountWrite() => Interlocked.Increment(ref _writes);

    internal void CountClear() => Interlocked.Increment(ref _clears);

    internal void CountConflict() => Interlocked.Increment(ref _conflicts);

    internal void CountUnknownOutcome() => Interlocked.Increment(ref _unknownOutcomes);

    internal void CountFailure() => Interlocked.Increment(ref _failures);

    public override string ToString() =>
        $"reads={Reads} writes={Writes} clears={Clears} conflicts={Conflicts} unknown={UnknownOutcomes} failures={Failures}";
}
