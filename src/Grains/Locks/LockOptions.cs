namespace Coordination.Locks;

/// <summary>Per-silo lock settings. Bound from the <c>Coordination:Locks</c> configuration section.</summary>
public sealed class LockOptions
{
    public const string SectionName = "Coordination:Locks";

    /// <summary>The storage provider name used when none is set.</summary>
    public const string DefaultStorageName = "locks";

    /// <summary>
    /// The grain storage provider (registered under this name) that keeps lock state. Default <c>locks</c>. It
    /// must honour etags: a write against a stale etag fails with <c>InconsistentStateException</c>, because that
    /// compare-and-set is what makes a grant safe.
    /// </summary>
    public string StorageName { get; set; } = DefaultStorageName;

    /// <summary>The lease when a caller names none. Default 30 seconds; allowed from 1 millisecond to <see cref="MaxLease"/>.</summary>
    public TimeSpan DefaultLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest lease a caller may ask for. Default 1 hour; allowed from 1 millisecond to 7 days.</summary>
    public TimeSpan MaxLease { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The longest a caller may wait in the queue in one call. Default 1 hour; allowed from 1 millisecond to 1 day
    /// (the response timeout of <see cref="ILockGrain.Acquire(string, TimeSpan, TimeSpan?)"/> covers a day).
    /// </summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How many callers may wait for one key. Default 10,000; allowed from 1 to 1,000,000.</summary>
    public int MaxQueueLength { get; set; } = 10_000;
}
