namespace Coordination.Benchmarks.Harness;

/// <summary>What one measured run produced.</summary>
internal sealed record Measurement(long Operations, TimeSpan Elapsed, LatencyHistogram Latency, long AllocatedBytes, TimeSpan CpuTime)
{
    public double ThroughputPerSecond => Operations / Elapsed.TotalSeconds;

    public double P50Microseconds => Latency.PercentileMicroseconds(0.50);

    public double P99Microseconds => Latency.PercentileMicroseconds(0.99);

    /// <summary>Processor time the whole process spent per operation (every thread, user and kernel): what throughput costs on a busy machine.</summary>
    public double CpuMicrosecondsPerOperation => Operations == 0 ? 0 : CpuTime.TotalMicroseconds / Operations;

    public double AllocatedBytesPerOperation => Operations == 0 ? 0 : (double)AllocatedBytes / Operations;
}
