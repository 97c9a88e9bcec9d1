namespace Coordination.Locks;

/// <summary>Per-silo lock limits. Bound from the <c>Coordination:Locks</c> configuration section.</summary>
public sealed class LockOptions
{
    public const string SectionName = "Coordination:Locks";

    /// <summary>The lease when a caller names none. Default 30 seconds; allowed from 1 millisecond to <see cref="MaxLease"/>.</summary>
    public TimeSpan DefaultLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest lease a caller may ask for. Default 1 hour; allowed from 1 millisecond to 7 days.</summary>
    public TimeSpan MaxLease { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The longest a caller may wait in the queue in one call. Default 1 hour; allowed from 1 millisecond to 1 day.</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How many callers may wait for one key. Default 10,000; allowed from 1 to 1,000,000.</summary>
    public int MaxQueueLength { get; set; } = 10_000;
}
