using System.Text;
using Coordination.ElasticsearchEmulator.Engine;
using Coordination.ElasticsearchEmulator.Errors;
using Coordination.ElasticsearchEmulator.Templates;

namespace Coordination.ElasticsearchEmulator.Tests.Emulator;

/// <summary>Pieces of the emulator whose correctness is easiest to pin directly.</summary>
public sealed class EngineUnitTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("hello", 613153351)]
    [InlineData("The quick brown fox jumps over the lazy dog", 776992547)]
    public void Murmur3_matches_the_reference_x86_32_vectors(string input, int expected) =>
        Assert.Equal(expected, ShardRouting.Murmur3X86_32(Encoding.ASCII.GetBytes(input), 0));

    [Theory]
    [InlineData("hell", 0x5a0cb7c3)]
    [InlineData("hello", unchecked((int)0xd7c31989))]
    [InlineData("hello w", 0x22ab2984)]
    [InlineData("The quick brown fox jumps over the lazy dog", unchecked((int)0xe07db09c))]
    public void Routing_hash_matches_elasticsearch_known_values(string routing, int expected) =>
        Assert.Equal(expected, ShardRouting.Murmur3(routing));

    [Fact]
    public void Ids_1_and_3_land_on_different_shards_of_a_five_shard_index()
    {
        // delete/50_refresh relies on this: refreshing the shard of "3" must leave the shard of "1" unrefreshed.
        Assert.NotEqual(ShardRouting.ShardFor("1", 5, 5), ShardRouting.ShardFor("3", 5, 5));
        Assert.Equal(0, ShardRouting.ShardFor("anything", 1, 1024));
    }

    [Theory]
    [InlineData(1, 1024)]
    [InlineData(2, 1024)]
    [InlineData(3, 768)]
    [InlineData(5, 640)]
    [InlineData(1024, 2048)]
    public void Default_routing_shards(int shards, int expected) =>
        Assert.Equal(expected, ShardRouting.DefaultRoutingNumShards(shards));

    [Theory]
    [InlineData("logs-*-*", "logs-*", true)]
    [InlineData("locks-*", "lock*", true)]
    [InlineData("locks-*", "logs-*", false)]
    [InlineData("a*b", "*c", false)]
    [InlineData("a*", "*z", true)]
    [InlineData("exact", "exact", true)]
    [InlineData("exact", "exac", false)]
    public void Pattern_overlap_is_a_language_intersection(string a, string b, bool overlap)
    {
        Assert.Equal(overlap, GlobPattern.Overlaps(a, b));
        Assert.Equal(overlap, GlobPattern.Overlaps(b, a));
    }

    [Theory]
    [InlineData("1s", 1000)]
    [InlineData("500ms", 500)]
    [InlineData("2m", 120000)]
    [InlineData("1h", 3600000)]
    [InlineData("0", 0)]
    public void Time_values_parse(string text, long millis) =>
        Assert.Equal(TimeSpan.FromMilliseconds(millis), TimeValue.Parse(text, "t"));

    [Fact]
    public void Minus_one_is_disabled_and_garbage_is_a_parse_exception()
    {
        Assert.Null(TimeValue.Parse("-1", "refresh_interval"));
        var failure = Assert.Throws<EsException>(() => TimeValue.Parse("soon", "timeout"));
        Assert.Equal("parse_exception", failure.Type);
        Assert.Equal("failed to parse setting [timeout] with value [soon] as a time value: unit is missing or unrecognized", failure.Reason);
    }
}
