namespace Coordination.Benchmarks.Scenarios;

/// <summary>
/// Outcomes of contention loops, counted over the whole run and over the measured windows (one, or several slices:
/// each window opened and closed adds to the window totals).
/// </summary>
internal sealed class ContentionCounters(Func<long?>? storeRequests = null)
{
    private long _acquisitions;
    private long _failedTries;
    private long _releases;
    private (long Acquisitions, long FailedTries, long? StoreRequests) _windowStart;
    private long _windowAcquisitions;
    private long _windowFailedTries;
    private long? _windowStoreRequests;

    public long Acquisitions => Interlocked.Read(ref _acquisitions);

    public long Releases => Interlocked.Read(ref _releases);

    /// <summary>Every grant and every release changes the owner.</summary>
    public long OwnershipChanges => Acquisitions + Releases;

    public long WindowAcquisitions => _windowAcquisitions;

    public long WindowFailedTries => _windowFailedTries;

    /// <summary>The store's requests in the windows, when a way to count them was given and they can be counted.</summary>
    public long? WindowStoreRequests => _windowStoreRequests;

    /// <summary>Store requests per acquisition in the windows, or null when they cannot be counted.</summary>
    public double? WindowStoreRequestsPerAcquisition => _windowStoreRequests / (double)Math.Max(1, _windowAcquisitions);

    public void Acquired() => Interlocked.Increment(ref _acquisitions);

    public void Failed() => Interlocked.Increment(ref _failedTries);

    public void Released() => Interlocked.Increment(ref _releases);

    public void OpenWindow() => _windowStart = (Acquisitions, Interlocked.Read(ref _failedTries), storeRequests?.Invoke());

    public void CloseWindow()
    {
        _windowAcquisitions += Acquisitions - _windowStart.Acquisitions;
        _windowFailedTries += Interlocked.Read(ref _failedTries) - _windowStart.FailedTries;
        if (storeRequests?.Invoke() is { } requests && _windowStart.StoreRequests is { } before)
        {
            _windowStoreRequests = (_windowStoreRequests ?? 0) + requests - before;
        }
    }
}
