using Coordination.ElasticsearchEmulator.Tests.Infrastructure;

namespace Coordination.ElasticsearchEmulator.Tests.Emulator;

/// <summary>The /_emulator HTTP endpoints a standalone emulator is driven with.</summary>
public sealed class ControlApiTests(EsFixture fixture) : EsTestBase(fixture)
{
    [Fact]
    public async Task Fault_rules_can_be_added_listed_and_cleared_over_http()
    {
        var es = RequireEmulator("emulator control endpoints");
        var index = NewIndex();
        var added = await Es.PostAsync("/_emulator/faults", $$"""{"kind":"too_many_requests","operations":["index","create"],"index":"{{index}}","count":1}""", Cancel);
        EsAssert.Status(200, added);
        Assert.Equal("too_many_requests", added.Str("kind"));
        Assert.Equal(1, added.Long("remaining"));
        Assert.Single(es.Faults.Rules);

        EsAssert.Status(429, await Es.PutAsync(EsClient.Doc(index, "k"), """{"v":1}""", Cancel));
        EsAssert.Status(201, await Es.PutAsync(EsClient.Doc(index, "k"), """{"v":1}""", Cancel));

        var listed = await Es.GetAsync("/_emulator/faults", Cancel);
        Assert.Equal(1, listed.Long("faults.0.applied"));
        Assert.False(listed.Bool("faults.0.armed"));

        await Es.PostAsync("/_emulator/faults", """{"kind":"shard_unavailable"}""", Cancel);
        EsAssert.Status(503, await Es.GetAsync(EsClient.Doc(index, "k"), Cancel));
        EsAssert.Status(200, await Es.DeleteAsync("/_emulator/faults", Cancel));
        Assert.Empty(es.Faults.Rules);
        EsAssert.Status(200, await Es.GetAsync(EsClient.Doc(index, "k"), Cancel));
    }

    [Fact]
    public async Task Latency_rule_over_http_uses_the_delay_on_the_clock()
    {
        var es = RequireEmulator("emulator control endpoints");
        var index = NewIndex();
        var added = await Es.PostAsync("/_emulator/faults", """{"kind":"latency","operations":"get","delay":"2s","count":1}""", Cancel);
        EsAssert.Status(200, added);
        Assert.Equal(2000, added.Long("delay_ms"));

        var pending = Es.GetAsync(EsClient.Doc(index, "k"), Cancel);
        await SignalAsync(es.Faults.Rules[0].WhenAppliedAsync(cancellationToken: Cancel), pending);
        Assert.False(pending.IsCompleted);
        Fixture.Clock!.Advance(TimeSpan.FromSeconds(2));
        EsAssert.IndexNotFound(await pending, index);
    }

    [Fact]
    public async Task Failover_endpoint_bumps_the_primary_term()
    {
        RequireEmulator("emulator control endpoints");
        var index = NewIndex();
        await Es.PutAsync(EsClient.Doc(index, "k"), """{"v":1}""", Cancel);
        var failover = await Es.PostAsync($"/_emulator/failover/{index}", null, Cancel);
        EsAssert.Status(200, failover);
        Assert.Equal(2, failover.Long("primary_term"));
        Assert.Equal(2, (await Es.PutAsync(EsClient.Doc(index, "k"), """{"v":2}""", Cancel)).Long("_primary_term"));
        var missing = NewIndex("none");
        EsAssert.IndexNotFound(await Es.PostAsync($"/_emulator/failover/{missing}", null, Cancel), missing);
    }

    [Fact]
    public async Task Bad_rules_are_refused_with_a_clear_message()
    {
        RequireEmulator("emulator control endpoints");
        EsAssert.IllegalArgument(await Es.PostAsync("/_emulator/faults", """{"kind":"gremlins"}""", Cancel), "unknown fault kind [gremlins]");
        EsAssert.IllegalArgument(await Es.PostAsync("/_emulator/faults", """{"kind":"latency"}""", Cancel), "A latency fault needs a Delay. (Parameter 'rule')");
    }
}
