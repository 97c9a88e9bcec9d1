using System.Numerics;

namespace Coordination.Benchmarks.Harness;

/// <summary>
/// Log-linear latency histogram: exact below 128 ns, then 64 buckets per power of two (about 1.5% error).
/// One per caller, merged at the end, so recording takes no lock.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int LinearLimit = 128;
    private const int SubBucketBits = 6;
    private const int SubBuckets = 1 << SubBucketBits;
    private readonly long[] _counts = new long[LinearLimit + (64 * SubBuckets)];

    public long Count { get; private set; }

    public void Record(long nanoseconds)
    {
        _counts[IndexOf(Math.Max(0, nanoseconds))]++;
        Count++;
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
    }

    /// <summary>The latency below which <paramref name="fraction"/> of the samples fall, in microseconds.</summary>
    public double PercentileMicroseconds(double fraction)
    {
        if (Count == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(fraction * Count);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Midpoint(i) / 1000.0;
            }
        }

        return Midpoint(_counts.Length - 1) / 1000.0;
    }

    private static int IndexOf(long value)
    {
        if (value < LinearLimit)
        {
            return (int)value;
        }

        var shift = 63 - BitOperations.LeadingZeroCount((ulong)value) - SubBucketBits;
        var sub = (int)(value >> shift) & (SubBuckets - 1);
        return LinearLimit + ((shift - 1) * SubBuckets) + sub;
    }

    private static double Midpoint(int index)
    {
        if (index < LinearLimit)
        {
            return index;
        }

        var offset = index - LinearLimit;
        var shift = (offset / SubBuckets) + 1;
        var lower = (long)(SubBuckets + (offset % SubBuckets)) << shift;
        return lower + ((1L << shift) / 2.0);
    }
}
