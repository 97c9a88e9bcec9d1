namespace Coordination.ElasticsearchEmulator.Engine;

/// <summary>
/// Elasticsearch's document-to-shard routing: murmur3 (x86, 32-bit, seed 0) over the UTF-16LE bytes of the routing
/// value (the id by default), then <c>floorMod(hash, routingNumShards) / routingFactor</c>. Matching it keeps
/// per-shard sequence numbers identical to a real cluster with the same shard count.
/// </summary>
internal static class ShardRouting
{
    public static int ShardFor(string routing, int numberOfShards, int routingNumShards)
    {
        if (numberOfShards == 1)
        {
            return 0;
        }

        var hash = Murmur3(routing);
        var routingFactor = routingNumShards / numberOfShards;
        var mod = ((hash % routingNumShards) + routingNumShards) % routingNumShards;
        return mod / routingFactor;
    }

    /// <summary>The default <c>index.number_of_routing_shards</c> of 7.0+ indices: shards * 2^n, at most 1024.</summary>
    public static int DefaultRoutingNumShards(int numberOfShards)
    {
        var log2NumShards = 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)(numberOfShards - 1));
        var numSplits = Math.Max(1, 10 - log2NumShards);
        return numberOfShards << numSplits;
    }

    public static int Murmur3(string routing)
    {
        var bytes = new byte[routing.Length * 2];
        for (var i = 0; i < routing.Length; i++)
        {
            var c = routing[i];
            bytes[i * 2] = (byte)c;
            bytes[(i * 2) + 1] = (byte)(c >> 8);
        }

        return Murmur3X86_32(bytes, 0);
    }

    internal static int Murmur3X86_32(ReadOnlySpan<byte> data, uint seed)
    {
        const uint c1 = 0xcc9e2d51;
        const uint c2 = 0x1b873593;
        var h1 = seed;
        var roundedEnd = data.Length & ~3;
        for (var i = 0; i < roundedEnd; i += 4)
        {
            var k1 = (uint)(data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24));
            k1 *= c1;
            k1 = (k1 << 15) | (k1 >> 17);
            k1 *= c2;
            h1 ^= k1;
            h1 = (h1 << 13) | (h1 >> 19);
            h1 = (h1 * 5) + 0xe6546b64;
        }

        uint tail = 0;
        switch (data.Length & 3)
        {
            case 3:
                tail = (uint)(data[roundedEnd + 2] << 16);
                goto case 2;
            case 2:
                tail |= (uint)(data[roundedEnd + 1] << 8);
                goto case 1;
            case 1:
                tail |= data[roundedEnd];
                tail *= c1;
                tail = (tail << 15) | (tail >> 17);
                tail *= c2;
                h1 ^= tail;
                break;
        }

        h1 ^= (uint)data.Length;
        h1 ^= h1 >> 16;
        h1 *= 0x85ebca6b;
        h1 ^= h1 >> 13;
        h1 *= 0xc2b2ae35;
        h1 ^= h1 >> 16;
        return (int)h1;
    }
}
