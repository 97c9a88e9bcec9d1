namespace Coordination.ElasticsearchEmulator;

/// <summary>Lock-free request counters; the emulator's own control endpoints (/_emulator/...) are not counted.</summary>
public sealed class TrafficStats
{
    private readonly long[] _counts = new long[8];

    public EmulatorStats Snapshot() => new(
        Volatile.Read(ref _counts[0]),
        Volatile.Read(ref _counts[1]),
        Volatile.Read(ref _counts[2]),
        Volatile.Read(ref _counts[3]),
        Volatile.Read(ref _counts[4]),
        Volatile.Read(ref _counts[5]),
        Volatile.Read(ref _counts[6]),
        Volatile.Read(ref _counts[7]));

    public void Reset()
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            Interlocked.Exchange(ref _counts[i], 0);
        }
    }

    internal void Count(EmulatorOperations operation) =>
        Interlocked.Increment(ref _counts[System.Numerics.BitOperations.TrailingZeroCount((uint)operation)]);
}
