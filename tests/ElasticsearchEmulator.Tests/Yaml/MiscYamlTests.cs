using Coordination.ElasticsearchEmulator.Tests.Infrastructure;

namespace Coordination.ElasticsearchEmulator.Tests.Yaml;

/// <summary>bulk/80_cas, search/300_sequence_numbers, search/220_total_hits_object, indices.put_index_template/10_basic, info/10_info.</summary>
public sealed class MiscYamlTests(EsFixture fixture) : EsTestBase(fixture)
{
    [Fact]
    public async Task Bulk_80_cas()
    {
        var index = NewIndex("test_1");
        var created = await Es.PutAsync(EsClient.Doc(index, "1"), """{"foo":"bar"}""", Cancel);
        EsAssert.Written(created, 201, "created", 1);
        var seqNo = created.Long("_seq_no");
        var term = created.Long("_primary_term");

        var conflict = await Es.BulkAsync("/_bulk",
            $$$$"""{"index":{"_index":"{{{{index}}}}","_id":"1","if_seq_no":10000,"if_primary_term":{{{{term}}}}}}""",
            """{"foo":"bar2"}""");
        EsAssert.Status(200, conflict);
        Assert.True(conflict.Bool("errors"));
        Assert.Equal(409, conflict.Long("items.0.index.status"));
        Assert.Equal("version_conflict_engine_exception", conflict.Str("items.0.index.error.type"));

        var ok = await Es.BulkAsync("/_bulk",
            $$$$"""{"index":{"_index":"{{{{index}}}}","_id":"1","if_seq_no":{{{{seqNo}}}},"if_primary_term":{{{{term}}}}}}""",
            """{"foo":"bar2"}""");
        Assert.False(ok.Bool("errors"));
        Assert.Equal(200, ok.Long("items.0.index.status"));
    }

    [Fact]
    public async Task Search_300_sequence_numbers()
    {
        var index = await CreateIndexAsync();
        EsAssert.Status(201, await Es.PutAsync(EsClient.Doc(index, "1"), """{"foo":"foo"}""", Cancel));
        EsAssert.Status(200, await Es.PutAsync(EsClient.Doc(index, "1"), """{"foo":"bar"}""", Cancel));
        EsAssert.Status(200, await Es.PostAsync(EsClient.Path(index, "_refresh"), null, Cancel));

        var fromBody = await Es.PostAsync(EsClient.Path(index, "_search"), """{"query":{"match":{"foo":"bar"}},"seq_no_primary_term":true}""", Cancel);
        Assert.Equal(1, fromBody.Long("hits.hits.0._seq_no"));
        Assert.True(fromBody.Long("hits.hits.0._primary_term") >= 1);

        var fromUrl = await Es.PostAsync(EsClient.Path(index, "_search", query: "seq_no_primary_term=true"), """{"query":{"match":{"foo":"bar"}}}""", Cancel);
        Assert.Equal(1, fromUrl.Long("hits.hits.0._seq_no"));
        Assert.True(fromUrl.Long("hits.hits.0._primary_term") >= 1);

        var notRequested = await Es.PostAsync(EsClient.Path(index, "_search"), """{"query":{"match":{"foo":"bar"}}}""", Cancel);
        Assert.Equal("1", notRequested.Str("hits.hits.0._id"));
        Assert.False(notRequested.Has("hits.hits.0._seq_no"));
        Assert.False(notRequested.Has("hits.hits.0._primary_term"));
    }

    [Fact]
    public async Task Search_220_total_hits_object()
    {
        var prefix = NewPrefix("t220");
        var test1 = Track(prefix + "-1");
        var test2 = Track(prefix + "-2");
        EsAssert.Status(200, await Es.PutAsync("/" + test2, null, Cancel));
        EsAssert.Status(200, await Es.PutAsync("/" + test1, null, Cancel));
        foreach (var (index, id, foo) in new[] { (test1, "1", "bar"), (test1, "3", "baz"), (test1, "2", "bar"), (test1, "4", "bar"), (test2, "42", "bar"), (test2, "24", "baz"), (test2, "36", "bar") })
        {
            EsAssert.Status(201, await Es.PutAsync(EsClient.Doc(index, id), $$$$"""{"foo":"{{{{foo}}}}"}""", Cancel));
        }

        EsAssert.Status(200, await Es.PostAsync($"/{test1},{test2}/_refresh", null, Cancel));
        const string query = """{"query":{"match":{"foo":"bar"}}}""";
        var all = prefix + "-*";

        var both = await Es.PostAsync($"/{all}/_search", query, Cancel);
        Assert.Equal(5, both.Long("hits.total.value"));
        Assert.Equal("eq", both.Str("hits.total.relation"));

        var one = await Es.PostAsync($"/{test1}/_search", query, Cancel);
        Assert.Equal(3, one.Long("hits.total.value"));
        Assert.Equal("eq", one.Str("hits.total.relation"));

        var untracked = await Es.PostAsync($"/{all}/_search?track_total_hits=false", query, Cancel);
        Assert.False(untracked.Has("hits.total"));

        var capped = await Es.PostAsync($"/{all}/_search?track_total_hits=4", query, Cancel);
        Assert.Equal(4, capped.Long("hits.total.value"));
        Assert.Equal("gte", capped.Str("hits.total.relation"));

        var cappedNoHits = await Es.PostAsync($"/{all}/_search?size=0&track_total_hits=4", query, Cancel);
        Assert.Equal(4, cappedNoHits.Long("hits.total.value"));
        Assert.Equal("gte", cappedNoHits.Str("hits.total.relation"));

        var exact = await Es.PostAsync($"/{all}/_search?size=0&track_total_hits=5", query, Cancel);
        Assert.Equal(5, exact.Long("hits.total.value"));
        Assert.Equal("eq", exact.Str("hits.total.relation"));

        EsAssert.IllegalArgument(
            await Es.PostAsync($"/{test2}/_search?rest_total_hits_as_int=true&track_total_hits=100", query, Cancel),
            "[rest_total_hits_as_int] cannot be used if the tracking of total hits is not accurate, got 100");
        EsAssert.IllegalArgument(
            await Es.PostAsync($"/{test2}/_search?rest_total_hits_as_int=true&track_total_hits=-2", query, Cancel),
            "[track_total_hits] parameter must be positive or equals to -1, got -2");

        var asIntUntracked = await Es.PostAsync($"/{all}/_search?track_total_hits=false&rest_total_hits_as_int=true", query, Cancel);
        Assert.Equal(-1, asIntUntracked.Long("hits.total"));
        var asInt = await Es.PostAsync($"/{test2}/_search?rest_total_hits_as_int=true", query, Cancel);
        Assert.Equal(2, asInt.Long("hits.total"));
    }

    [Fact]
    public async Task Indices_put_index_template_10_basic()
    {
        var unique = Guid.NewGuid().ToString("N")[..12];
        var test = NewTemplate("test");
        EsAssert.Status(200, await Es.PutAsync("/_index_template/" + test, $$$$"""
            {"index_patterns":"{{{{unique}}}}-test-*","template":{"settings":{"number_of_shards":1,"number_of_replicas":0},
             "mappings":{"properties":{"field":{"type":"keyword"} } } } }
            """, Cancel));
        var got = await Es.GetAsync("/_index_template/" + test, Cancel);
        Assert.Equal(test, got.Str("index_templates.0.name"));
        Assert.Equal($"""["{unique}-test-*"]""", got.At("index_templates.0.index_template.index_patterns")!.ToJsonString());
        Assert.Equal("1", got.Str("index_templates.0.index_template.template.settings.index.number_of_shards"));
        Assert.Equal("0", got.Str("index_templates.0.index_template.template.settings.index.number_of_replicas"));
        Assert.Equal("""{"properties":{"field":{"type":"keyword"}}}""", got.At("index_templates.0.index_template.template.mappings")!.ToJsonString());

        var multi = NewTemplate("multi");
        EsAssert.Status(200, await Es.PutAsync("/_index_template/" + multi, $$$$"""
            {"index_patterns":["{{{{unique}}}}-m1-*","{{{{unique}}}}-m2-*"],"template":{"settings":{"number_of_shards":1,"number_of_replicas":0},
             "mappings":{"properties":{"field":{"type":"text"}}},
             "aliases":{"test_alias":{},"test_blias":{"routing":"b"},"test_clias":{"filter":{"term":{"user":"kimchy"} } } } } }
            """, Cancel));
        var gotMulti = await Es.GetAsync("/_index_template/" + multi, Cancel);
        Assert.Equal(2, gotMulti.At("index_templates.0.index_template.index_patterns")!.AsArray().Count);
        Assert.Equal(3, gotMulti.Keys("index_templates.0.index_template.template.aliases").Count);
        Assert.NotNull(gotMulti.At("index_templates.0.index_template.template.aliases.test_alias"));
        Assert.Equal("b", gotMulti.Str("index_templates.0.index_template.template.aliases.test_blias.index_routing"));
        Assert.Equal("b", gotMulti.Str("index_templates.0.index_template.template.aliases.test_blias.search_routing"));
        Assert.Equal("kimchy", gotMulti.Str("index_templates.0.index_template.template.aliases.test_clias.filter.term.user"));

        var create = await Es.PutAsync("/_index_template/" + test + "?create=true", $$$$"""{"index_patterns":"{{{{unique}}}}-test-*"}""", Cancel);
        EsAssert.IllegalArgument(create, $"index template [{test}] already exists");

        var noPatterns = await Es.PutAsync("/_index_template/" + NewTemplate("nopat"), "{}", Cancel);
        EsAssert.Status(400, noPatterns);

        var foo = NewTemplate("foo");
        var bar = NewTemplate("bar");
        var baz = NewTemplate("baz");
        foreach (var (name, pattern) in new[] { (foo, "foo"), (bar, "bar"), (baz, "baz") })
        {
            EsAssert.Status(200, await Es.PutAsync("/_index_template/" + name, $$$$"""{"index_patterns":"{{{{unique}}}}-{{{{pattern}}}}-*"}""", Cancel));
        }

        EsAssert.Status(200, await Es.DeleteAsync($"/_index_template/{foo},{bar}", Cancel));
        EsAssert.Status(404, await Es.GetAsync("/_index_template/" + foo, Cancel));
        EsAssert.Status(404, await Es.GetAsync("/_index_template/" + bar, Cancel));
        Assert.Equal(baz, (await Es.GetAsync("/_index_template/" + baz, Cancel)).Str("index_templates.0.name"));
    }

    [Fact]
    public async Task Info_10_info()
    {
        var info = await Es.GetAsync("/", Cancel);
        EsAssert.Status(200, info);
        Assert.False(string.IsNullOrEmpty(info.Str("name")));
        Assert.False(string.IsNullOrEmpty(info.Str("cluster_name")));
        Assert.False(string.IsNullOrEmpty(info.Str("cluster_uuid")));
        Assert.False(string.IsNullOrEmpty(info.Str("tagline")));
        Assert.False(string.IsNullOrEmpty(info.Str("version.number")));
        Assert.Equal("default", info.Str("version.build_flavor"));
    }
}
