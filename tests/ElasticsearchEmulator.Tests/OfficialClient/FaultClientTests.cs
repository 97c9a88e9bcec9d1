using Coordination.ElasticsearchEmulator.Tests.Infrastructure;
using Elastic.Clients.Elasticsearch;
using Elastic.Transport;

namespace Coordination.ElasticsearchEmulator.Tests.OfficialClient;

/// <summary>
/// What the official client (and its transport's retry logic) makes of each injected fault. These are facts the
/// providers build on: which failures the transport retries by itself, and which ambiguous writes come back as a 409
/// for the caller's own write.
/// </summary>
public sealed class FaultClientTests(EsFixture fixture) : OfficialClientTestBase(fixture)
{
    private static readonly LockDocument Mine = new() { Owner = "A", Token = 1, Nonce = "nonce-1" };

    /// <summary>
    /// Two "nodes" that are the same emulator under two host names, so the transport has somewhere to fail over to
    /// while every attempt lands on one store. No sniffing, no pings: the nodes are used exactly as listed.
    /// </summary>
    private (ElasticsearchClient Client, WireRecorder Wire) TwoNodeClient(Action<ElasticsearchClientSettings>? configure = null)
    {
        var url = Fixture.Url;
        var nodes = new[] { new Uri($"http://127.0.0.1:{url.Port}"), new Uri($"http://localhost:{url.Port}") };
        var wire = new WireRecorder();
        var client = CreateClient(new StaticNodePool(nodes, randomize: false), wire, settings =>
        {
            settings.DisablePing();
            configure?.Invoke(settings);
        });
        return (client, wire);
    }

    /// <summary>The write every fault here is applied to: creating document "k" in <paramref name="index"/>.</summary>
    private Task<IndexResponse> CreateMineAsync(ElasticsearchClient client, string index) =>
        client.IndexAsync(Mine, r => r.Index(index).Id("k").OpType(OpType.Create), Cancel);

    /// <summary>A client whose first request opens a new connection, so nothing below the transport can re-send it.</summary>
    private (ElasticsearchClient Client, WireRecorder Wire) FreshSingleNodeClient(Action<ElasticsearchClientSettings>? configure = null)
    {
        var wire = new WireRecorder();
        return (CreateClient(new SingleNodePool(Fixture.Url), wire, configure), wire);
    }

    [Fact]
    public async Task Latency_delays_the_answer_until_the_emulator_clock_moves()
    {
        var es = RequireEmulator("fault injection");
        var index = NewIndex();
        var rule = es.Faults.Add(new FaultRule { Kind = FaultKind.Latency, Delay = TimeSpan.FromSeconds(5), Operations = EmulatorOperations.Create, Count = 1 });

        var pending = CreateMineAsync(Client, index);
        await rule.WhenAppliedAsync(cancellationToken: Cancel).WaitAsync(Cancel);
        await es.WaitForClockWaitersAsync(1, Cancel);
        Assert.False(pending.IsCompleted);

        Fixture.Clock!.Advance(TimeSpan.FromSeconds(5));
        var created = await pending;
        Assert.True(created.IsValidResponse, created.DebugInformation);
        Assert.Equal(Result.Created, created.Result);
    }

    [Fact]
    public async Task Too_many_requests_is_returned_to_the_caller_and_not_retried_even_with_another_node()
    {
        var es = RequireEmulator("fault injection");
        var index = NewIndex();
        es.Faults.Add(new FaultRule { Kind = FaultKind.TooManyRequests, Operations = EmulatorOperations.Create, Count = 1 });
        var (client, wire) = TwoNodeClient();

        var rejected = await CreateMineAsync(client, index);

        Assert.False(rejected.IsValidResponse);
        Assert.Equal(429, StatusOf(rejected));
        Assert.Equal("es_rejected_execution_exception", rejected.ElasticsearchServerError?.Error?.Type);
        Assert.Single(wire.Exchanges);
        Assert.Equal(1, es.Stats.Snapshot().Create);

        // Nothing was written; a later attempt (the caller's own backoff) creates the document.
        var retried = await CreateMineAsync(client, index);
        Assert.Equal(Result.Created, retried.Result);
        Assert.Equal(0, retried.SeqNo);
    }

    [Fact]
    public async Task Shard_unavailable_on_a_single_node_is_returned_to_the_caller()
    {
        var es = RequireEmulator("fault injection");
        var index = NewIndex();
        es.Faults.Add(new FaultRule { Kind = FaultKind.ShardUnavailable, Operations = EmulatorOperations.Create, Count = 1 });
        var (client, wire) = FreshSingleNodeClient();

        var failed = await CreateMineAsync(client, index);

        Assert.False(failed.IsValidResponse);
        Assert.Equal(503, StatusOf(failed));
        Assert.Equal("unavailable_shards_exception", failed.ElasticsearchServerError?.Error?.Type);
        Assert.Single(wire.Exchanges);
        Assert.False((await client.GetAsync<LockDocument>(index, "k", Cancel)).Found);
    }

    [Fact]
    public async Task Shard_unavailable_is_retried_on_the_next_node_which_succeeds()
    {
        var es = RequireEmulator("fault injection");
        var index = NewIndex();
        es.Faults.Add(new FaultRule { Kind = FaultKind.ShardUnavailable, Operations = EmulatorOperations.Create, Count = 1 });
        var (client, wire) = TwoNodeClient();

        var created = await CreateMineAsync(client, index);

        Assert.True(created.IsValidResponse, created.DebugInformation);
        Assert.Equal(Result.Created, created.Result);
        Assert.Equal([503, 201], wire.Exchanges.Select(e => e.Status ?? 0).ToArray());
        Assert.NotEqual(wire.Exchanges[0].Node, wire.Exchanges[1].Node);
        Assert.Equal(2, es.Stats.Snapshot().Create);
    }

    [Fact]
    public async Task Apply_then_reset_on_a_single_node_fails_the_call_though_the_write_is_applied()
    {
        var es = RequireEmulator("fault injection");
        var index = NewIndex();
        var rule = es.Faults.Add(new FaultRule { Kind = FaultKind.ApplyThenReset, Operations = EmulatorOperations.Create, Count = 1 });
        var (client, wire) = FreshSingleNodeClient();

        var failed = await CreateMineAsync(client, index);

        Assert.False(failed.IsValidResponse);
        Assert.Null(StatusOf(failed));
        Assert.True(failed.TryGetOriginalException(out var cause));
        Assert.NotNull(cause);
        Assert.Equal(1, rule.AppliedCount);
        Assert.Single(wire.Exchanges);

        // The outcome is unknown to the caller, but the write is there: a realtime get shows it.
        var stored = await client.GetAsync<LockDocument>(index, "k", Cancel);
        Assert.True(stored.Found);
        Assert.Equal(Mine, stored.Source);
        Assert.Equal(0, stored.SeqNo);
    }

    [Fact]
    public async Task Apply_then_reset_on_a_reused_connection_also_fails_the_call_and_nothing_resends_it()
    {
        var es = RequireEmulator("fault injection");
        var index = NewIndex();
        var (client, wire) = FreshSingleNodeClient();
        Assert.True((await client.InfoAsync(Cancel)).IsValidResponse);
        var rule = es.Faults.Add(new FaultRule { Kind = FaultKind.ApplyThenReset, Operations = EmulatorOperations.Create, Count = 1 });
        wire.Clear();

        var answer = await CreateMineAsync(client, index);

        // The request was sent in full before the connection dropped, so .NET's pool does not re-send it either.
        Assert.Null(StatusOf(answer));
        Assert.Equal(1, rule.AppliedCount);
        Assert.Equal(1, es.Stats.Snapshot().Create);
        Assert.Single(wire.Exchanges);
        Assert.Equal(Mine, (await client.GetAsync<LockDocument>(index, "k", Cancel)).Source);
    }

    [Fact]
    public async Task Apply_then_reset_with_two_nodes_is_retried_and_the_retry_gets_a_409_for_its_own_write()
    {
        var es = RequireEmulator("fault injection");
        var index = NewIndex();
        var rule = es.Faults.Add(new FaultRule { Kind = FaultKind.ApplyThenReset, Operations = EmulatorOperations.Create, Count = 1 });
        var (client, wire) = TwoNodeClient();

        var answer = await CreateMineAsync(client, index);

        // The caller sees a plain conflict, as if someone else had created the document...
        Assert.False(answer.IsValidResponse);
        Assert.Equal(409, StatusOf(answer));
        Assert.Equal("version_conflict_engine_exception", answer.ElasticsearchServerError?.Error?.Type);
        Assert.Equal(1, rule.AppliedCount);
        Assert.Equal(2, es.Stats.Snapshot().Create);
        Assert.Equal([null, 409], wire.Exchanges.Select(e => e.Status).ToArray());
        Assert.NotEqual(wire.Exchanges[0].Node, wire.Exchanges[1].Node);

        // ...but the document is its own first attempt: only the nonce tells.
        var stored = await client.GetAsync<LockDocument>(index, "k", Cancel);
        Assert.Equal(Mine, stored.Source);
        Assert.Equal(1, stored.Version);
    }

    [Fact]
    public async Task Apply_then_reset_of_a_compare_and_set_write_with_two_nodes_409s_against_its_own_write()
    {
        var es = RequireEmulator("fault injection");
        var index = NewIndex();
        var (client, wire) = TwoNodeClient();
        var created = await CreateMineAsync(client, index);
        var rule = es.Faults.Add(new FaultRule { Kind = FaultKind.ApplyThenReset, Operations = EmulatorOperations.Index, Count = 1 });
        wire.Clear();

        var next = Mine with { Owner = "B", Token = 2, Nonce = "nonce-2" };
        var answer = await client.IndexAsync(next, r => r.Index(index).Id("k").IfSeqNo(created.SeqNo!.Value).IfPrimaryTerm(created.PrimaryTerm!.Value), Cancel);

        Assert.Equal(409, StatusOf(answer));
        Assert.Equal("[k]: version conflict, required seqNo [0], primary term [1]. current document has seqNo [1] and primary term [1]", answer.ElasticsearchServerError?.Error?.Reason);
        Assert.Equal(1, rule.AppliedCount);
        Assert.Equal(2, wire.Exchanges.Count);
        var stored = await client.GetAsync<LockDocument>(index, "k", Cancel);
        Assert.Equal(next, stored.Source);
    }

    [Fact]
    public async Task Apply_then_timeout_fails_the_call_on_the_client_timeout_though_the_write_is_applied()
    {
        var es = RequireEmulator("fault injection");
        var index = NewIndex();
        var rule = es.Faults.Add(new FaultRule { Kind = FaultKind.ApplyThenTimeout, Operations = EmulatorOperations.Create, Count = 1 });

        // The emulator withholds the answer for good; the client's own (real-time) timeout ends the wait.
        var (client, wire) = FreshSingleNodeClient(s => s.RequestTimeout(TimeSpan.FromSeconds(1)));
        var failed = await CreateMineAsync(client, index);

        Assert.False(failed.IsValidResponse);
        Assert.Null(StatusOf(failed));
        Assert.Equal(1, rule.AppliedCount);
        Assert.Single(wire.Exchanges);
        var stored = await Client.GetAsync<LockDocument>(index, "k", Cancel);
        Assert.Equal(Mine, stored.Source);
    }

    [Fact]
    public async Task Apply_then_timeout_with_two_nodes_is_not_retried_even_with_retry_time_left()
    {
        var es = RequireEmulator("fault injection");
        var index = NewIndex();
        var rule = es.Faults.Add(new FaultRule { Kind = FaultKind.ApplyThenTimeout, Operations = EmulatorOperations.Create, Count = 1 });

        // Unlike a reset connection or a 503, a timed-out attempt ends the call: the transport does not fail over,
        // even when MaxRetryTimeout leaves plenty of time for another node.
        var (client, wire) = TwoNodeClient(s => s.RequestTimeout(TimeSpan.FromSeconds(1)).MaxRetryTimeout(TimeSpan.FromSeconds(30)));
        var failed = await CreateMineAsync(client, index);

        Assert.False(failed.IsValidResponse);
        Assert.Null(StatusOf(failed));
        Assert.Equal(1, rule.AppliedCount);
        Assert.Single(wire.Exchanges);
        Assert.Equal(1, es.Stats.Snapshot().Create);
        Assert.True((await Client.GetAsync<LockDocument>(index, "k", Cancel)).Found);
    }

    [Fact]
    public async Task Primary_term_bump_shows_in_the_typed_response_and_fails_a_stale_term()
    {
        var es = RequireEmulator("fault injection");
        var index = NewIndex();
        var created = await CreateMineAsync(Client, index);
        Assert.Equal(1, created.PrimaryTerm);
        es.Faults.Add(new FaultRule { Kind = FaultKind.PrimaryTermBump, Operations = EmulatorOperations.Index, Index = index, Count = 1 });

        var updated = await Client.IndexAsync(Mine with { Token = 2 }, r => r.Index(index).Id("k").IfSeqNo(0).IfPrimaryTerm(1), Cancel);
        Assert.True(updated.IsValidResponse, updated.DebugInformation);
        Assert.Equal(2, updated.PrimaryTerm);
        Assert.Equal(1, updated.SeqNo);

        var stale = await Client.IndexAsync(Mine with { Token = 3 }, r => r.Index(index).Id("k").IfSeqNo(1).IfPrimaryTerm(1), Cancel);
        Assert.Equal(409, StatusOf(stale));
        Assert.Equal("[k]: version conflict, required seqNo [1], primary term [1]. current document has seqNo [1] and primary term [2]", stale.ElasticsearchServerError?.Error?.Reason);

        var got = await Client.GetAsync<LockDocument>(index, "k", Cancel);
        Assert.Equal(2, got.PrimaryTerm);
        Assert.Equal(2, got.Source?.Token);
    }
}
