using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Coordination.Locks;

/// <summary>Lock metrics and traces, under the meter and activity source named <see cref="MeterName"/>.</summary>
public static class LockInstruments
{
    public const string MeterName = "Coordination.Locks";

    private static readonly Meter s_meter = new(MeterName, "1.0");

    /// <summary>One span per ownership-change write ("lock.commit"), tagged with key, kind and outcome.</summary>
    public static readonly ActivitySource ActivitySource = new(MeterName, "1.0");

    /// <summary>Acquisition attempts, tagged by outcome.</summary>
    public static readonly Counter<long> Acquisitions = s_meter.CreateCounter<long>("coordination.lock.acquisitions");

    /// <summary>Committed ownership changes, tagged by kind.</summary>
    public static readonly Counter<long> OwnershipChanges = s_meter.CreateCounter<long>("coordination.lock.ownership_changes");

    /// <summary>Writes that lost a compare-and-set race.</summary>
    public static readonly Counter<long> WriteConflicts = s_meter.CreateCounter<long>("coordination.lock.write_conflicts");

    /// <summary>Writes whose outcome had to be found out by re-reading.</summary>
    public static readonly Counter<long> AmbiguousWrites = s_meter.CreateCounter<long>("coordination.lock.ambiguous_writes");

    /// <summary>Callers waiting in queues on this silo.</summary>
    public static readonly UpDownCounter<long> Waiters = s_meter.CreateUpDownCounter<long>("coordination.lock.waiters");

    /// <summary>How long granted waiters waited, in milliseconds.</summary>
    public static readonly Histogram<double> WaitDuration = s_meter.CreateHistogram<double>("coordination.lock.wait_duration", unit: "ms");
}
