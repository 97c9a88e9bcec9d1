using Coordination.ElasticsearchEmulator.Tests.Infrastructure;

namespace Coordination.ElasticsearchEmulator.Tests.Emulator;

/// <summary>Behaviour that depends on elapsed time, driven by the manual clock: gc_deletes and search-idle refresh.</summary>
public sealed class ClockDrivenTests(EsFixture fixture) : EsTestBase(fixture)
{
    [Fact]
    public async Task Tombstone_counts_for_versions_within_gc_deletes_and_is_forgotten_after()
    {
        var clock = RequireClock("tombstone expiry runs on the manual clock");
        var index = NewIndex();
        EsAssert.Written(await Es.PutAsync(EsClient.Doc(index, "k"), """{"v":1}""", Cancel), 201, "created", 1, seqNo: 0);
        EsAssert.Written(await Es.DeleteAsync(EsClient.Doc(index, "k"), Cancel), 200, "deleted", 2, seqNo: 1);

        clock.Advance(TimeSpan.FromSeconds(60));
        EsAssert.Written(await Es.PutAsync(EsClient.Path(index, "_create", "k"), """{"v":2}""", Cancel), 201, "created", 3, seqNo: 2);
        EsAssert.Written(await Es.DeleteAsync(EsClient.Doc(index, "k"), Cancel), 200, "deleted", 4, seqNo: 3);

        clock.Advance(TimeSpan.FromSeconds(61));
        EsAssert.Written(await Es.PutAsync(EsClient.Path(index, "_create", "k"), """{"v":3}""", Cancel), 201, "created", 1, seqNo: 4);
    }

    [Fact]
    public async Task External_versions_compare_against_a_live_tombstone_only()
    {
        var clock = RequireClock("tombstone expiry runs on the manual clock");
        var index = NewIndex();
        await Es.PutAsync(EsClient.Doc(index, "k", "version_type=external&version=10"), """{"v":1}""", Cancel);
        await Es.DeleteAsync(EsClient.Doc(index, "k", "version_type=external&version=11"), Cancel);
        EsAssert.Conflict(await Es.PutAsync(EsClient.Doc(index, "k", "version_type=external&version=5"), """{"v":2}""", Cancel),
            index, "k", "current version [11] is higher or equal to the one provided [5]");

        clock.Advance(TimeSpan.FromMinutes(2));
        EsAssert.Written(await Es.PutAsync(EsClient.Doc(index, "k", "version_type=external&version=5"), """{"v":2}""", Cancel), 201, "created", 5);
    }

    [Fact]
    public async Task Index_gc_deletes_setting_is_honoured()
    {
        var clock = RequireClock("tombstone expiry runs on the manual clock");
        var index = await CreateIndexAsync("""{"index.gc_deletes":"5s"}""");
        await Es.PutAsync(EsClient.Doc(index, "k"), """{"v":1}""", Cancel);
        await Es.DeleteAsync(EsClient.Doc(index, "k"), Cancel);
        clock.Advance(TimeSpan.FromSeconds(6));
        EsAssert.Written(await Es.PutAsync(EsClient.Doc(index, "k"), """{"v":2}""", Cancel), 201, "created", 1, seqNo: 2);
    }

    [Fact]
    public async Task Search_idle_shard_is_refreshed_by_the_next_search()
    {
        var clock = RequireClock("search-idle detection uses the manual clock");
        var index = NewIndex();
        await Es.PutAsync(EsClient.Doc(index, "warm"), """{"v":1}""", Cancel);
        // Two steps: FakeTimeProvider runs every timer due within one Advance at the end time, so the scheduled
        // refresh must come due (at 1s) before the clock reaches the search-idle threshold (30s).
        clock.Advance(TimeSpan.FromSeconds(1));
        clock.Advance(TimeSpan.FromSeconds(30));

        // The shard went search-idle, so scheduled refreshes stopped; a write now stays invisible to the
        // scheduler, but the next search refreshes the idle shard first (as Elasticsearch does).
        await Es.PutAsync(EsClient.Doc(index, "late"), """{"v":2}""", Cancel);
        clock.Advance(TimeSpan.FromSeconds(2));
        EsAssert.Status(200, await Es.GetAsync(EsClient.Doc(index, "warm", "realtime=false"), Cancel));
        EsAssert.Status(404, await Es.GetAsync(EsClient.Doc(index, "late", "realtime=false"), Cancel));

        var reply = await Es.PostAsync($"/{index}/_search", "{}", Cancel);
        Assert.Equal(2, reply.Long("hits.total.value"));

        // Searched again, the shard is active: the periodic refresh resumes.
        await Es.PutAsync(EsClient.Doc(index, "later"), """{"v":3}""", Cancel);
        clock.Advance(TimeSpan.FromSeconds(1));
        EsAssert.Status(200, await Es.GetAsync(EsClient.Doc(index, "later", "realtime=false"), Cancel));
    }

    [Fact]
    public async Task Wait_for_active_shards_beyond_one_copy_times_out_on_the_clock()
    {
        var es = RequireEmulator("the wait runs on the manual clock");
        var index = await CreateIndexAsync("""{"number_of_replicas":1}""");
        var pending = Es.PutAsync(EsClient.Doc(index, "k", "wait_for_active_shards=all&timeout=5s"), """{"v":1}""", Cancel);
        await SignalAsync(es.WaitForClockWaitersAsync(1, Cancel), pending);
        Fixture.Clock!.Advance(TimeSpan.FromSeconds(5));
        var reply = await pending;
        EsAssert.Status(503, reply);
        Assert.Equal("unavailable_shards_exception", reply.Str("error.type"));
        Assert.StartsWith($"[{index}][0] Not enough active copies to meet shard count of [ALL] (have 1, needed 2). Timeout: [5s]", reply.Str("error.reason"));
        EsAssert.Status(404, await Es.GetAsync(EsClient.Doc(index, "k"), Cancel));
    }
}
