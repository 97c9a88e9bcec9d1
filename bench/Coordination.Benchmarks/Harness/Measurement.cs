namespace Coordination.Benchmarks.Harness;

/// <summary>What one measured run produced.</summary>
internal sealed record Measurement(long Operations, TimeSpan Elapsed, LatencyHistogram Latency, long AllocatedBytes)
{
    public double ThroughputPerSecond => Operations / Elapsed.TotalSeconds;

    public double P50Microseconds => Latency.PercentileMicroseconds(0.50);

    public double P99Microseconds => Latency.PercentileMicroseconds(0.99);

    public double AllocatedBytesPerOperation => Operations == 0 ? 0 : (double)AllocatedBytes / Operations;
}
