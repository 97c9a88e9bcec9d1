using System.Diagnostics.Metrics;

namespace Coordination.Benchmarks.Scenarios;

/// <summary>
/// Counts the grain-storage operations of the silo in this process from Orleans' own storage metrics (meter
/// <c>Microsoft.Orleans</c>): every read and write of a grain's persistent state, successful or failed, as the
/// lock grain issues it to its storage provider.
/// </summary>
internal sealed class StoreMeter : IDisposable
{
    private const string OrleansMeter = "Microsoft.Orleans";
    private readonly MeterListener _listener = new();
    private long _reads;
    private long _writes;

    public StoreMeter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == OrleansMeter && instrument.Name is
                "orleans-storage-read-latency" or "orleans-storage-read-errors"
                or "orleans-storage-write-latency" or "orleans-storage-write-errors")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, _, _, _) => Count(instrument));
        _listener.SetMeasurementEventCallback<int>((instrument, _, _, _) => Count(instrument));
        _listener.Start();
    }

    /// <summary>Reads so far (a latency recorded, or an error counted).</summary>
    public long Reads => Interlocked.Read(ref _reads);

    /// <summary>Writes so far, whatever their outcome.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    public StoreCount Snapshot() => new(Writes, Reads);

    public void Dispose() => _listener.Dispose();

    private void Count(Instrument instrument)
    {
        if (instrument.Name.Contains("-read-", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _reads);
        }
        else
        {
            Interlocked.Increment(ref _writes);
        }
    }
}

/// <summary>Store operations counted at one moment, or between two.</summary>
internal readonly record struct StoreCount(long Writes, long Reads)
{
    public static StoreCount operator -(StoreCount end, StoreCount start) => new(end.Writes - start.Writes, end.Reads - start.Reads);
}
