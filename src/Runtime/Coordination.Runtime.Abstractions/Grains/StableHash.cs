using System.Text;

namespace Coordination;

/// <summary>
/// A process-independent 32-bit hash (FNV-1a over UTF-8, then an avalanche mix), used where every silo must
/// compute the same value: placement and method ids. <see cref="string.GetHashCode()"/> is randomized per process.
/// </summary>
public static class StableHash
{
    private const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

    public static uint Compute(string value) => Mix(Add(OffsetBasis, value));

    public static uint Compute(string first, string second)
    {
        var hash = Add(OffsetBasis, first);
        hash = (hash ^ '/') * Prime;
        return Mix(Add(hash, second));
    }

    private static uint Add(uint hash, string value)
    {
        Span<byte> buffer = stackalloc byte[256];
        var remaining = value.AsSpan();
        while (!remaining.IsEmpty)
        {
            // Encode in chunks that never split a surrogate pair.
            var take = Math.Min(remaining.Length, 64);
            if (take < remaining.Length && char.IsHighSurrogate(remaining[take - 1]))
            {
                take--;
            }

            var written = Encoding.UTF8.GetBytes(remaining[..take], buffer);
            foreach (var b in buffer[..written])
            {
                hash = (hash ^ b) * Prime;
            }

            remaining = remaining[take..];
        }

        return hash;
    }

    /// <summary>The avalanche step alone: spreads every input bit over the whole value (for combining hashes).</summary>
    public static uint Mix(uint hash)
    {
        hash ^= hash >> 16;
        hash *= 0x85EBCA6B;
        hash ^= hash >> 13;
        hash *= 0xC2B2AE35;
        hash ^= hash >> 16;
        return hash;
    }
}
