using Coordination.ElasticsearchEmulator.Tests.Infrastructure;

namespace Coordination.ElasticsearchEmulator.Tests.Emulator;

/// <summary>Request counts by operation, in-process and over HTTP.</summary>
public sealed class StatsTests(EsFixture fixture) : EsTestBase(fixture)
{
    [Fact]
    public async Task Requests_are_counted_by_operation_kind()
    {
        var es = RequireEmulator("traffic counters");
        var index = NewIndex();
        await Es.PutAsync(EsClient.Doc(index, "a"), """{"v":1}""", Cancel);
        await Es.PostAsync(EsClient.Doc(index, "a"), """{"v":2}""", Cancel);
        await Es.PutAsync(EsClient.Doc(index, "b", "op_type=create"), """{"v":1}""", Cancel);
        await Es.PutAsync(EsClient.Path(index, "_create", "c"), """{"v":1}""", Cancel);
        await Es.PostAsync(EsClient.Path(index, "_doc"), """{"v":1}""", Cancel);
        await Es.PostAsync(EsClient.Path(index, "_doc", query: "op_type=index"), """{"v":1}""", Cancel);
        await Es.GetAsync(EsClient.Doc(index, "a"), Cancel);
        await Es.HeadAsync(EsClient.Doc(index, "a"), Cancel);
        await Es.GetAsync(EsClient.Path(index, "_source", "a"), Cancel);
        await Es.DeleteAsync(EsClient.Doc(index, "c"), Cancel);
        await Es.PostAsync(EsClient.Path(index, "_update", "a"), """{"doc":{"v":3}}""", Cancel);
        await Es.PostAsync($"/{index}/_search", "{}", Cancel);
        await Es.BulkAsync("/_bulk", $$"""{"index":{"_index":"{{index}}","_id":"z"} }""", """{"v":1}""");
        await Es.GetAsync("/", Cancel);

        var stats = es.Stats.Snapshot();
        Assert.Equal(new EmulatorStats(Index: 3, Create: 3, Get: 3, Delete: 1, Update: 1, Search: 1, Bulk: 1, Other: 1), stats);
        Assert.Equal(14, stats.Total);
        Assert.Equal(3, stats[EmulatorOperations.Get]);

        var overHttp = await Es.GetAsync("/_emulator/stats", Cancel);
        Assert.Equal(
            """{"index":3,"create":3,"get":3,"delete":1,"update":1,"search":1,"bulk":1,"other":1,"total":14}""",
            overHttp.Json!.ToJsonString());
        Assert.Equal(stats, es.Stats.Snapshot());
    }

    [Fact]
    public async Task Reset_clears_the_counters_in_process_and_over_http()
    {
        var es = RequireEmulator("traffic counters");
        var index = NewIndex();
        await Es.PutAsync(EsClient.Doc(index, "a"), """{"v":1}""", Cancel);
        Assert.Equal(1, es.Stats.Snapshot().Index);
        es.Stats.Reset();
        Assert.Equal(0, es.Stats.Snapshot().Total);

        await Es.GetAsync(EsClient.Doc(index, "a"), Cancel);
        EsAssert.Status(200, await Es.PostAsync("/_emulator/stats/_reset", null, Cancel));
        Assert.Equal(0, (await Es.GetAsync("/_emulator/stats", Cancel)).Long("total"));
    }

    [Fact]
    public async Task Rejected_and_failed_requests_are_still_counted()
    {
        var es = RequireEmulator("traffic counters");
        var index = NewIndex();
        es.Faults.Add(new FaultRule { Kind = FaultKind.TooManyRequests, Count = 1 });
        EsAssert.Status(429, await Es.PutAsync(EsClient.Doc(index, "a"), """{"v":1}""", Cancel));
        EsAssert.Status(400, await Es.PutAsync(EsClient.Doc(index, "a", "version=2"), """{"v":1}""", Cancel));
        Assert.Equal(2, es.Stats.Snapshot().Index);
    }
}
