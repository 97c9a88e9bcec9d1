namespace Coordination.Benchmarks.Scenarios;

/// <summary>Outcomes of contention loops, counted over the whole run and over the measured window.</summary>
internal sealed class ContentionCounters
{
    private long _acquisitions;
    private long _failedTries;
    private long _releases;
    private (long Acquisitions, long FailedTries) _windowStart;
    private (long Acquisitions, long FailedTries) _windowEnd;

    public long Acquisitions => Interlocked.Read(ref _acquisitions);

    public long Releases => Interlocked.Read(ref _releases);

    /// <summary>Every grant and every release changes the owner.</summary>
    public long OwnershipChanges => Acquisitions + Releases;

    public long WindowAcquisitions => _windowEnd.Acquisitions - _windowStart.Acquisitions;

    public long WindowFailedTries => _windowEnd.FailedTries - _windowStart.FailedTries;

    public void Acquired() => Interlocked.Increment(ref _acquisitions);

    public void Failed() => Interlocked.Increment(ref _failedTries);

    public void Released() => Interlocked.Increment(ref _releases);

    public void OpenWindow() => _windowStart = (Acquisitions, Interlocked.Read(ref _failedTries));

    public void CloseWindow() => _windowEnd = (Acquisitions, Interlocked.Read(ref _failedTries));
}
