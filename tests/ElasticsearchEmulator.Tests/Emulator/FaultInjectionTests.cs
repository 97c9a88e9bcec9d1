using Coordination.ElasticsearchEmulator.Tests.Infrastructure;

namespace Coordination.ElasticsearchEmulator.Tests.Emulator;

/// <summary>Each fault kind, its selection (operation, index, id, count) and what the client observes.</summary>
public sealed class FaultInjectionTests(EsFixture fixture) : EsTestBase(fixture)
{
    [Fact]
    public async Task Latency_holds_the_request_until_the_clock_moves()
    {
        var es = RequireEmulator("fault injection");
        var index = NewIndex();
        var rule = es.Faults.Add(new FaultRule { Kind = FaultKind.Latency, Delay = TimeSpan.FromSeconds(3), Operations = EmulatorOperations.Index, Count = 1 });

        var pending = Es.PutAsync(EsClient.Doc(index, "k"), """{"v":1}""", Cancel);
        await SignalAsync(rule.WhenAppliedAsync(cancellationToken: Cancel), pending);
        Assert.False(pending.IsCompleted);
        Assert.Equal(404, (await Es.GetAsync(EsClient.Doc(index, "k"), Cancel)).Status);

        Fixture.Clock!.Advance(TimeSpan.FromSeconds(2));
        Assert.False(pending.IsCompleted);
        Fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        EsAssert.Written(await pending, 201, "created", 1);
        Assert.False(rule.IsArmed);
        EsAssert.Status(200, await Es.PutAsync(EsClient.Doc(index, "k"), """{"v":2}""", Cancel));
    }

    [Fact]
    public async Task Too_many_requests_is_rejected_without_applying_and_disarms_after_count()
    {
        var es = RequireEmulator("fault injection");
        var index = NewIndex();
        var rule = es.Faults.Add(new FaultRule { Kind = FaultKind.TooManyRequests, Operations = EmulatorOperations.Index | EmulatorOperations.Create, Count = 2 });

        for (var i = 0; i < 2; i++)
        {
            var rejected = await Es.PutAsync(EsClient.Doc(index, "k"), """{"v":1}""", Cancel);
            EsAssert.SimpleError(rejected, 429, "es_rejected_execution_exception", rejected.Str("error.reason")!);
            Assert.StartsWith("rejected execution of ", rejected.Str("error.reason"));
            Assert.Equal("Elasticsearch", rejected.Header("X-Elastic-Product"));
        }

        Assert.Equal(2, rule.AppliedCount);
        EsAssert.Status(404, await Es.HeadAsync("/" + index, Cancel));
        EsAssert.Written(await Es.PutAsync(EsClient.Doc(index, "k"), """{"v":1}""", Cancel), 201, "created", 1, seqNo: 0);
    }

    [Fact]
    public async Task Shard_unavailable_is_a_503_with_shard_metadata_and_nothing_is_written()
    {
        var es = RequireEmulator("fault injection");
        var index = await CreateIndexAsync();
        es.Faults.Add(new FaultRule { Kind = FaultKind.ShardUnavailable, Index = index, Count = 1 });

        var reply = await Es.PutAsync(EsClient.Doc(index, "k"), """{"v":1}""", Cancel);
        EsAssert.SimpleError(reply, 503, "unavailable_shards_exception", $"[{index}][0] primary shard is not active Timeout: [1m], request: [BulkShardRequest [[{index}][0]] containing [1] requests]");
        Assert.Equal(["type", "reason", "index_uuid", "shard", "index"], reply.Keys("error").Where(k => k != "root_cause"));
        EsAssert.Status(404, await Es.GetAsync(EsClient.Doc(index, "k"), Cancel));
    }

    [Fact]
    public async Task Rules_select_by_index_and_document_id()
    {
        var es = RequireEmulator("fault injection");
        var index = NewIndex();
        var other = NewIndex("other");
        es.Faults.Add(new FaultRule { Kind = FaultKind.TooManyRequests, Index = index, DocumentId = "hot" });

        EsAssert.Status(201, await Es.PutAsync(EsClient.Doc(index, "cold"), """{"v":1}""", Cancel));
        EsAssert.Status(201, await Es.PutAsync(EsClient.Doc(other, "hot"), """{"v":1}""", Cancel));
        EsAssert.Status(429, await Es.PutAsync(EsClient.Doc(index, "hot"), """{"v":1}""", Cancel));
        EsAssert.Status(429, await Es.GetAsync(EsClient.Doc(index, "hot"), Cancel));
        EsAssert.Status(429, await Es.PutAsync(EsClient.Doc(index, "hot"), """{"v":1}""", Cancel));

        es.Faults.Clear();
        EsAssert.Status(201, await Es.PutAsync(EsClient.Doc(index, "hot"), """{"v":1}""", Cancel));
    }

    [Fact]
    public async Task Apply_then_timeout_applies_the_write_and_withholds_the_answer_until_the_client_gives_up()
    {
        var es = RequireEmulator("fault injection");
        var index = NewIndex();
        var rule = es.Faults.Add(new FaultRule { Kind = FaultKind.ApplyThenTimeout, Operations = EmulatorOperations.Create, Count = 1 });

        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var pending = Es.PutAsync(EsClient.Path(index, "_create", "k"), """{"owner":"A","nonce":"n-1"}""", giveUp.Token);
        await SignalAsync(rule.WhenAppliedAsync(cancellationToken: Cancel), pending);

        var stored = await Es.GetAsync(EsClient.Doc(index, "k"), Cancel);
        Assert.Equal("n-1", stored.Str("_source.nonce"));
        Assert.False(pending.IsCompleted);

        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);

        // The retry of the ambiguous create conflicts: the first attempt did commit.
        EsAssert.Conflict(await Es.PutAsync(EsClient.Path(index, "_create", "k"), """{"owner":"A","nonce":"n-1"}""", Cancel),
            index, "k", "document already exists (current version [1])");
    }

    [Fact]
    public async Task Apply_then_timeout_with_a_delay_answers_late_on_the_clock()
    {
        var es = RequireEmulator("fault injection");
        var index = NewIndex();
        var rule = es.Faults.Add(new FaultRule { Kind = FaultKind.ApplyThenTimeout, Delay = TimeSpan.FromSeconds(90), Count = 1 });

        var pending = Es.PutAsync(EsClient.Doc(index, "k"), """{"v":1}""", Cancel);
        await SignalAsync(rule.WhenAppliedAsync(cancellationToken: Cancel), pending);
        await SignalAsync(es.WaitForClockWaitersAsync(1, Cancel), pending);
        Assert.False(pending.IsCompleted);
        Fixture.Clock!.Advance(TimeSpan.FromSeconds(90));
        EsAssert.Written(await pending, 201, "created", 1);
    }

    [Fact]
    public async Task Apply_then_reset_applies_the_write_and_drops_the_connection()
    {
        var es = RequireEmulator("fault injection");
        var index = NewIndex();
        var rule = es.Faults.Add(new FaultRule { Kind = FaultKind.ApplyThenReset, Operations = EmulatorOperations.Update, Count = 1 });
        await Es.PutAsync(EsClient.Doc(index, "k"), """{"owner":"A","token":1}""", Cancel);

        // A fresh connection: .NET silently re-sends a request that fails on a reused idle connection.
        using var http = EsFixture.NewHttpClient(Fixture.Url);
        var fresh = new EsClient(http);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() =>
            fresh.PostAsync(EsClient.Path(index, "_update", "k", "if_seq_no=0&if_primary_term=1"), """{"doc":{"owner":"B","token":2}}""", Cancel));
        Assert.Equal(1, rule.AppliedCount);

        var stored = await Es.GetAsync(EsClient.Doc(index, "k"), Cancel);
        Assert.Equal("B", stored.Str("_source.owner"));
        Assert.Equal(1, stored.Long("_seq_no"));
        EsAssert.Status(409, await Es.PostAsync(EsClient.Path(index, "_update", "k", "if_seq_no=0&if_primary_term=1"), """{"doc":{"owner":"B","token":2}}""", Cancel));
    }

    [Fact]
    public async Task Apply_then_garble_applies_the_write_and_answers_200_with_its_json_cut_short()
    {
        var es = RequireEmulator("fault injection");
        var index = NewIndex();
        var rule = es.Faults.Add(new FaultRule { Kind = FaultKind.ApplyThenGarble, Operations = EmulatorOperations.Index, Count = 1 });

        var garbled = await Es.PutAsync(EsClient.Doc(index, "k"), """{"owner":"A"}""", Cancel);

        Assert.Equal(200, garbled.Status);
        Assert.StartsWith("{", garbled.Text, StringComparison.Ordinal);
        Assert.Null(garbled.Json);
        Assert.Equal(1, rule.AppliedCount);
        var stored = await Es.GetAsync(EsClient.Doc(index, "k"), Cancel);
        Assert.Equal("A", stored.Str("_source.owner"));
    }

    [Fact]
    public async Task Primary_term_bump_fault_fails_cas_that_carries_the_old_term()
    {
        var es = RequireEmulator("fault injection");
        var index = NewIndex();
        var first = await Es.PutAsync(EsClient.Doc(index, "k"), """{"owner":"A"}""", Cancel);
        Assert.Equal(1, first.Long("_primary_term"));

        var bump = es.Faults.Add(new FaultRule { Kind = FaultKind.PrimaryTermBump, Operations = EmulatorOperations.Index, Index = index, Count = 1 });
        var second = await Es.PutAsync(EsClient.Doc(index, "k", "if_seq_no=0&if_primary_term=1"), """{"owner":"B"}""", Cancel);
        EsAssert.Written(second, 200, "updated", 2, seqNo: 1);
        Assert.Equal(2, second.Long("_primary_term"));
        Assert.Equal(1, bump.AppliedCount);
        Assert.Equal(2, es.PrimaryTerm(index));

        var stale = await Es.PutAsync(EsClient.Doc(index, "k", "if_seq_no=1&if_primary_term=1"), """{"owner":"C"}""", Cancel);
        EsAssert.Conflict(stale, index, "k", "required seqNo [1], primary term [1]. current document has seqNo [1] and primary term [2]");
    }

    [Fact]
    public async Task Removed_rule_no_longer_applies()
    {
        var es = RequireEmulator("fault injection");
        var index = NewIndex();
        var rule = es.Faults.Add(new FaultRule { Kind = FaultKind.TooManyRequests });
        EsAssert.Status(429, await Es.GetAsync("/", Cancel));
        Assert.True(es.Faults.Remove(rule));
        Assert.False(rule.IsArmed);
        EsAssert.Status(200, await Es.GetAsync("/", Cancel));
        EsAssert.Status(201, await Es.PutAsync(EsClient.Doc(index, "k"), """{"v":1}""", Cancel));
    }

    [Fact]
    public void Latency_rule_without_delay_is_refused()
    {
        var es = RequireEmulator("fault injection");
        Assert.Throws<ArgumentException>(() => es.Faults.Add(new FaultRule { Kind = FaultKind.Latency }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaultRule { Kind = FaultKind.TooManyRequests, Count = 0 });
    }
}
