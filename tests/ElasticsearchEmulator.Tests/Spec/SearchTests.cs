using Coordination.ElasticsearchEmulator.Tests.Infrastructure;

namespace Coordination.ElasticsearchEmulator.Tests.Spec;

/// <summary>Section 9: searching lock documents, and near-real-time visibility.</summary>
public sealed class SearchTests(EsFixture fixture) : EsTestBase(fixture)
{
    private const string LockMapping = """{"properties":{"owner":{"type":"keyword"},"acquired_at":{"type":"long"},"state":{"type":"keyword"} } }""";

    private async Task<string> SeedAsync()
    {
        var index = await CreateIndexAsync("""{"number_of_replicas":0,"refresh_interval":"-1"}""", LockMapping);
        var docs = new[] { ("k1", "A", 30, "held"), ("k2", "B", 10, "held"), ("k3", "A", 20, "free"), ("k4", "A", 40, "held") };
        foreach (var (id, owner, at, state) in docs)
        {
            EsAssert.Status(201, await Es.PutAsync(EsClient.Doc(index, id), $$"""{"owner":"{{owner}}","acquired_at":{{at}},"state":"{{state}}"}""", Cancel));
        }

        EsAssert.Status(200, await Es.PostAsync($"/{index}/_refresh", null, Cancel));
        return index;
    }

    private static IReadOnlyList<string> Ids(EsReply reply) =>
        reply.At("hits.hits")!.AsArray().Select(h => h!["_id"]!.GetValue<string>()).ToList();

    [Fact]
    public async Task Term_query_sorted_by_field_has_null_scores_and_sort_values()
    {
        var index = await SeedAsync();
        var reply = await Es.PostAsync($"/{index}/_search",
            """{"query":{"term":{"owner":"A"}},"sort":[{"acquired_at":"asc"}],"size":10,"seq_no_primary_term":true}""", Cancel);
        EsAssert.Status(200, reply);
        Assert.Equal(["took", "timed_out", "_shards", "hits"], reply.Keys());
        Assert.Equal(["total", "successful", "skipped", "failed"], reply.Keys("_shards"));
        Assert.Equal(["total", "max_score", "hits"], reply.Keys("hits"));
        Assert.Equal(3, reply.Long("hits.total.value"));
        Assert.Equal("eq", reply.Str("hits.total.relation"));
        Assert.Null(reply.At("hits.max_score"));
        Assert.True(reply.Has("hits.max_score"));
        Assert.Equal(["k3", "k1", "k4"], Ids(reply));
        Assert.Equal(["_index", "_id", "_seq_no", "_primary_term", "_score", "_source", "sort"], reply.Keys("hits.hits.0"));
        Assert.Null(reply.At("hits.hits.0._score"));
        Assert.Equal("[20]", reply.At("hits.hits.0.sort")!.ToJsonString());
        Assert.Equal(2, reply.Long("hits.hits.0._seq_no"));
        Assert.False(reply.Bool("timed_out"));
    }

    [Fact]
    public async Task Sort_descending_in_the_object_form_with_size_and_from()
    {
        var index = await SeedAsync();
        var reply = await Es.PostAsync($"/{index}/_search",
            """{"query":{"match_all":{}},"sort":[{"acquired_at":{"order":"desc"}}],"size":2,"from":1}""", Cancel);
        Assert.Equal(["k1", "k3"], Ids(reply));
        Assert.Equal(4, reply.Long("hits.total.value"));
    }

    [Fact]
    public async Task Terms_and_bool_filters()
    {
        var index = await SeedAsync();
        var terms = await Es.PostAsync($"/{index}/_search", """{"query":{"terms":{"owner":["B","C"]}}}""", Cancel);
        Assert.Equal(["k2"], Ids(terms));

        var both = await Es.PostAsync($"/{index}/_search",
            """{"query":{"bool":{"filter":[{"term":{"owner":"A"}},{"term":{"state":"held"}}]}},"sort":["acquired_at"]}""", Cancel);
        Assert.Equal(["k1", "k4"], Ids(both));

        var notHeld = await Es.PostAsync($"/{index}/_search",
            """{"query":{"bool":{"must":{"match_all":{}},"must_not":{"term":{"state":"held"}}}}}""", Cancel);
        Assert.Equal(["k3"], Ids(notHeld));
    }

    [Fact]
    public async Task Match_all_without_sort_reports_scores()
    {
        var index = await SeedAsync();
        var reply = await Es.PostAsync($"/{index}/_search", """{"query":{"match_all":{}}}""", Cancel);
        Assert.Equal(1.0, reply.At("hits.max_score")!.GetValue<double>());
        Assert.Equal(1.0, reply.At("hits.hits.0._score")!.GetValue<double>());
        Assert.False(reply.Has("hits.hits.0.sort"));
        Assert.False(reply.Has("hits.hits.0._seq_no"));
    }

    [Fact]
    public async Task Keyword_term_is_exact()
    {
        var index = await SeedAsync();
        var reply = await Es.PostAsync($"/{index}/_search", """{"query":{"term":{"owner":"a"}}}""", Cancel);
        Assert.Equal(0, reply.Long("hits.total.value"));
    }

    [Fact]
    public async Task Search_does_not_see_unrefreshed_writes_until_a_refresh()
    {
        var index = await CreateIndexAsync("""{"refresh_interval":"-1"}""", LockMapping);
        await Es.PutAsync(EsClient.Doc(index, "k1"), """{"owner":"A"}""", Cancel);
        Assert.Equal(0, (await CountAsync(index)).Long("hits.total.value"));
        Assert.Equal(200, (await Es.GetAsync(EsClient.Doc(index, "k1"), Cancel)).Status);

        EsAssert.Status(200, await Es.PostAsync($"/{index}/_refresh", null, Cancel));
        Assert.Equal(1, (await CountAsync(index)).Long("hits.total.value"));

        await Es.PutAsync(EsClient.Doc(index, "k2", "refresh=true"), """{"owner":"A"}""", Cancel);
        Assert.Equal(2, (await CountAsync(index)).Long("hits.total.value"));

        await Es.DeleteAsync(EsClient.Doc(index, "k1"), Cancel);
        Assert.Equal(2, (await CountAsync(index)).Long("hits.total.value"));
    }

    [Fact]
    public async Task Refresh_wait_for_makes_the_write_visible_when_it_returns()
    {
        var index = await CreateIndexAsync("""{"refresh_interval":"1s"}""", LockMapping);
        var pending = Es.PutAsync(EsClient.Doc(index, "k1", "refresh=wait_for"), """{"owner":"A"}""", Cancel);
        var reply = await CompleteWaitForAsync(pending, index, TimeSpan.FromSeconds(1));
        EsAssert.Written(reply, 201, "created", 1);
        Assert.Equal(1, (await CountAsync(index)).Long("hits.total.value"));
    }

    [Fact]
    public async Task Refresh_response_counts_shard_copies()
    {
        var index = await CreateIndexAsync("""{"number_of_shards":2,"number_of_replicas":1}""");
        var reply = await Es.PostAsync($"/{index}/_refresh", null, Cancel);
        Assert.Equal(4, reply.Long("_shards.total"));
        Assert.Equal(0, reply.Long("_shards.failed"));
        if (IsEmulator)
        {
            // One node: the replicas can never be assigned, so only the primaries are refreshed.
            Assert.Equal(2, reply.Long("_shards.successful"));
        }
        else
        {
            Assert.Contains(reply.Long("_shards.successful"), new long[] { 2, 4 });
        }
    }

    [Fact]
    public async Task Missing_index_in_search_is_index_or_alias_not_found()
    {
        var index = NewIndex("absent");
        EsAssert.IndexNotFound(await Es.PostAsync($"/{index}/_search", "{}", Cancel), index, "index_or_alias");
        var wildcard = await Es.PostAsync($"/{index}-*/_search", "{}", Cancel);
        EsAssert.Status(200, wildcard);
        Assert.Equal(0, wildcard.Long("_shards.total"));
    }

    [Fact]
    public async Task Unknown_query_is_a_parsing_exception()
    {
        var index = await CreateIndexAsync();
        var reply = await Es.PostAsync($"/{index}/_search", """{"query":{"fuzzy_wuzzy":{"a":1}}}""", Cancel);
        EsAssert.Error(reply, 400, "parsing_exception", "unknown query [fuzzy_wuzzy]");
        Assert.Equal("parsing_exception", reply.Str("error.root_cause.0.type"));
        Assert.Equal(1, reply.Long("error.line"));
    }

    [Fact]
    public async Task Sorting_on_an_unmapped_field_fails_all_shards()
    {
        var index = await CreateIndexAsync();
        var reply = await Es.PostAsync($"/{index}/_search", """{"sort":[{"nope":"asc"}]}""", Cancel);
        EsAssert.Error(reply, 400, "search_phase_execution_exception", "all shards failed");
        Assert.Equal("No mapping found for [nope] in order to sort on", reply.Str("error.root_cause.0.reason"));

        var tolerated = await Es.PostAsync($"/{index}/_search", """{"sort":[{"nope":{"order":"asc","unmapped_type":"long"}}]}""", Cancel);
        EsAssert.Status(200, tolerated);
    }

    [Fact]
    public async Task Periodic_refresh_follows_the_index_interval_on_the_clock()
    {
        var clock = RequireClock("the refresh interval is driven by the emulator's manual clock");
        var index = await CreateIndexAsync("""{"refresh_interval":"5s"}""", LockMapping);
        await Es.PutAsync(EsClient.Doc(index, "k1"), """{"owner":"A"}""", Cancel);
        Assert.Equal(0, (await CountAsync(index)).Long("hits.total.value"));

        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(0, (await CountAsync(index)).Long("hits.total.value"));

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, (await CountAsync(index)).Long("hits.total.value"));
    }

    [Fact]
    public async Task Default_refresh_interval_is_one_second()
    {
        var clock = RequireClock("the refresh interval is driven by the emulator's manual clock");
        var index = NewIndex();
        await Es.PutAsync(EsClient.Doc(index, "k1"), """{"owner":"A"}""", Cancel);

        // Dynamic mapping makes "owner" a text field: the term must be the analyzed (lowercased) token.
        var query = """{"query":{"term":{"owner":"a"}}}""";
        Assert.Equal(0, (await Es.PostAsync($"/{index}/_search", query, Cancel)).Long("hits.total.value"));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, (await Es.PostAsync($"/{index}/_search", query, Cancel)).Long("hits.total.value"));
        Assert.Equal(0, (await Es.PostAsync($"/{index}/_search", """{"query":{"term":{"owner":"A"}}}""", Cancel)).Long("hits.total.value"));
        Assert.Equal(1, (await Es.PostAsync($"/{index}/_search", """{"query":{"term":{"owner.keyword":"A"}}}""", Cancel)).Long("hits.total.value"));
    }

    [Fact]
    public async Task Count_api_counts_refreshed_matches()
    {
        var index = await SeedAsync();
        var reply = await Es.PostAsync($"/{index}/_count", """{"query":{"term":{"owner":"A"}}}""", Cancel);
        Assert.Equal(3, reply.Long("count"));
        Assert.Equal(["count", "_shards"], reply.Keys());
    }

    [Fact]
    public async Task Search_after_pages_through_a_sorted_listing()
    {
        var index = await SeedAsync();
        var first = await Es.PostAsync($"/{index}/_search", """{"size":2,"sort":[{"acquired_at":"asc"}]}""", Cancel);
        Assert.Equal(["k2", "k3"], Ids(first));
        var last = first.At("hits.hits.1.sort")!.ToJsonString();
        var second = await Es.PostAsync($"/{index}/_search", $$"""{"size":2,"sort":[{"acquired_at":"asc"}],"search_after":{{last}}}""", Cancel);
        Assert.Equal(["k1", "k4"], Ids(second));
    }

    [Fact]
    public async Task Result_window_beyond_ten_thousand_fails_every_shard()
    {
        var index = await CreateIndexAsync();
        var reply = await Es.PostAsync($"/{index}/_search?from=9995&size=10", "{}", Cancel);
        EsAssert.Error(reply, 400, "search_phase_execution_exception", "all shards failed");
        Assert.Equal("illegal_argument_exception", reply.Str("error.root_cause.0.type"));
        Assert.StartsWith("Result window is too large, from + size must be less than or equal to: [10000] but was [10005].", reply.Str("error.root_cause.0.reason"));
        Assert.Equal(index, reply.Str("error.failed_shards.0.index"));
    }

    [Fact]
    public async Task Empty_sort_list_keeps_score_order()
    {
        var index = await SeedAsync();
        var reply = await Es.PostAsync($"/{index}/_search", """{"sort":[]}""", Cancel);
        Assert.Equal(1.0, reply.At("hits.max_score")!.GetValue<double>());
        Assert.False(reply.Has("hits.hits.0.sort"));
    }

    private Task<EsReply> CountAsync(string index) =>
        Es.PostAsync($"/{index}/_search", """{"query":{"term":{"owner":"A"}}}""", Cancel);
}
