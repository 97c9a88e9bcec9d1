using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Coordination.Benchmarks.Peers;

/// <summary>
/// Counts the holders the callers see overlapping, per key: a caller enters when told it holds a key and leaves
/// before it starts to release it, so a grant seen while another caller is inside is an overlap. It must stay 0.
/// </summary>
internal sealed class OverlapGuard
{
    private readonly ConcurrentDictionary<string, StrongBox<int>> _holders = new();
    private long _overlaps;

    public long Overlaps => Interlocked.Read(ref _overlaps);

    public void Enter(string key)
    {
        if (Interlocked.Increment(ref Holders(key).Value) > 1)
        {
            Interlocked.Increment(ref _overlaps);
        }
    }

    public void Exit(string key) => Interlocked.Decrement(ref Holders(key).Value);

    private StrongBox<int> Holders(string key) => _holders.GetOrAdd(key, static _ => new StrongBox<int>());
}
