using Coordination.ElasticsearchEmulator.Tests.Infrastructure;

namespace Coordination.ElasticsearchEmulator.Tests.Spec;

/// <summary>Section 10: GET / and the cluster health API.</summary>
public sealed class RootAndHealthTests(EsFixture fixture) : EsTestBase(fixture)
{
    [Fact]
    public async Task Root_reports_a_9x_default_build_in_the_documented_shape()
    {
        var info = await Es.GetAsync("/", Cancel);
        EsAssert.Status(200, info);
        Assert.Equal(["name", "cluster_name", "cluster_uuid", "version", "tagline"], info.Keys());
        Assert.Equal(
            ["number", "build_flavor", "build_type", "build_hash", "build_date", "build_snapshot", "lucene_version", "minimum_wire_compatibility_version", "minimum_index_compatibility_version"],
            info.Keys("version"));
        Assert.StartsWith("9.", info.Str("version.number"));
        if (IsEmulator)
        {
            Assert.Equal(EmulatorOptions.DefaultVersion, info.Str("version.number"));
            Assert.Equal("8.19.0", info.Str("version.minimum_wire_compatibility_version"));
        }

        Assert.Equal("You Know, for Search", info.Str("tagline"));
        Assert.False(info.Bool("version.build_snapshot"));
        EsAssert.Status(200, await Es.HeadAsync("/", Cancel));
    }

    [Fact]
    public async Task Health_of_an_index_without_replicas_is_green()
    {
        var index = await CreateIndexAsync("""{"number_of_replicas":0,"number_of_shards":2}""");
        var health = await Es.GetAsync($"/_cluster/health/{index}?wait_for_status=green&timeout=5s", Cancel);
        EsAssert.Status(200, health);
        Assert.Equal("green", health.Str("status"));
        Assert.False(health.Bool("timed_out"));
        Assert.Equal(2, health.Long("active_primary_shards"));
        Assert.Equal(2, health.Long("active_shards"));
        Assert.Equal(0, health.Long("unassigned_shards"));
        Assert.Equal(
            ["cluster_name", "status", "timed_out", "number_of_nodes", "number_of_data_nodes", "active_primary_shards", "active_shards", "relocating_shards", "initializing_shards", "unassigned_shards"],
            health.Keys().Take(10));
    }

    [Fact]
    public async Task Health_of_an_index_with_a_replica_on_one_node_is_yellow()
    {
        var index = await CreateIndexAsync("""{"number_of_replicas":1}""");
        var health = await Es.GetAsync($"/_cluster/health/{index}?wait_for_status=yellow&timeout=5s", Cancel);
        EsAssert.Status(200, health);
        if (IsEmulator)
        {
            Assert.Equal("yellow", health.Str("status"));
            Assert.Equal(1, health.Long("unassigned_shards"));
            Assert.Equal(1, health.Long("number_of_nodes"));
        }
        else
        {
            Assert.Contains(health.Str("status"), new[] { "yellow", "green" });
        }
    }

    [Fact]
    public async Task Wait_that_cannot_be_met_times_out_with_408()
    {
        RequireEmulator("a multi-node cluster would turn green, so only the single-node emulator is guaranteed yellow");
        var index = await CreateIndexAsync("""{"number_of_replicas":1}""");
        var health = await Es.GetAsync($"/_cluster/health/{index}?wait_for_status=green&timeout=0s", Cancel);
        EsAssert.Status(408, health);
        Assert.True(health.Bool("timed_out"));
        Assert.Equal("yellow", health.Str("status"));
    }

    [Fact]
    public async Task Health_of_a_missing_index_is_red_and_times_out()
    {
        var health = await Es.GetAsync($"/_cluster/health/{NewIndex("absent")}?timeout=0s", Cancel);
        EsAssert.Status(408, health);
        Assert.True(health.Bool("timed_out"));
        Assert.Equal("red", health.Str("status"));
    }

    [Fact]
    public async Task Wait_completes_when_the_cluster_changes()
    {
        var index = await CreateIndexAsync("""{"number_of_replicas":1}""");
        var waiting = Es.GetAsync($"/_cluster/health/{index}?wait_for_status=green&timeout=30s", Cancel);
        EsAssert.Status(200, await Es.PutAsync($"/{index}/_settings", """{"index":{"number_of_replicas":0}}""", Cancel));
        var health = await waiting;
        EsAssert.Status(200, health);
        Assert.Equal("green", health.Str("status"));
        Assert.False(health.Bool("timed_out"));
    }

    [Fact]
    public async Task Timed_out_wait_on_the_clock_returns_408()
    {
        var clock = RequireClock("the health timeout runs on the emulator's manual clock");
        var index = await CreateIndexAsync("""{"number_of_replicas":1}""");
        var waiting = Es.GetAsync($"/_cluster/health/{index}?wait_for_status=green&timeout=10s", Cancel);
        await SignalAsync(Fixture.Server!.WaitForClockWaitersAsync(1, Cancel), waiting);
        Assert.False(waiting.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(10));
        var health = await waiting;
        EsAssert.Status(408, health);
        Assert.True(health.Bool("timed_out"));
    }

    [Fact]
    public async Task Bad_wait_for_status_is_refused()
    {
        EsAssert.IllegalArgument(await Es.GetAsync("/_cluster/health?wait_for_status=purple", Cancel), "unknown cluster health status [purple]");
    }
}
