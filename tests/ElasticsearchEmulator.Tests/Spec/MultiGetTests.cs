using Coordination.ElasticsearchEmulator.Tests.Infrastructure;

namespace Coordination.ElasticsearchEmulator.Tests.Spec;

/// <summary>_mget over raw HTTP: the shapes the official client's MultiGetAsync depends on.</summary>
public sealed class MultiGetTests(EsFixture fixture) : EsTestBase(fixture)
{
    [Fact]
    public async Task Docs_form_returns_each_item_as_get_would_in_request_order()
    {
        var index = NewIndex();
        var missing = NewIndex("missing");
        EsAssert.Status(201, await Es.PutAsync(EsClient.Doc(index, "a"), """{"owner":"A"}""", Cancel));

        var reply = await Es.PostAsync("/_mget", $$"""{"docs":[{"_index":"{{index}}","_id":"a"},{"_index":"{{index}}","_id":"b"},{"_index":"{{missing}}","_id":"a"}]}""", Cancel);

        EsAssert.Status(200, reply);
        Assert.Equal(["_index", "_id", "_version", "_seq_no", "_primary_term", "found", "_source"], reply.Keys("docs.0"));
        Assert.Equal("A", reply.Str("docs.0._source.owner"));
        Assert.Equal(0, reply.Long("docs.0._seq_no"));
        Assert.Equal(["_index", "_id", "found"], reply.Keys("docs.1"));
        Assert.False(reply.Bool("docs.1.found"));
        Assert.Equal(["_index", "_id", "error"], reply.Keys("docs.2"));
        Assert.Equal("index_not_found_exception", reply.Str("docs.2.error.type"));
        Assert.Equal("index_not_found_exception", reply.Str("docs.2.error.root_cause.0.type"));
        Assert.Equal($"no such index [{missing}]", reply.Str("docs.2.error.reason"));
    }

    [Fact]
    public async Task Ids_form_uses_the_path_index_and_source_filtering_applies()
    {
        var index = NewIndex();
        EsAssert.Status(201, await Es.PutAsync(EsClient.Doc(index, "a"), """{"owner":"A","token":1}""", Cancel));

        var reply = await Es.PostAsync($"/{index}/_mget?_source_includes=owner", """{"ids":["a","b"]}""", Cancel);
        EsAssert.Status(200, reply);
        Assert.Equal("""{"owner":"A"}""", reply.At("docs.0._source")!.ToJsonString());
        Assert.False(reply.Bool("docs.1.found"));

        var noSource = await Es.PostAsync($"/{index}/_mget", """{"docs":[{"_id":"a","_source":false}]}""", Cancel);
        Assert.False(noSource.Has("docs.0._source"));
    }

    [Fact]
    public async Task Mget_is_realtime_and_sees_unrefreshed_writes()
    {
        var index = await CreateIndexAsync("""{"refresh_interval":"-1"}""");
        EsAssert.Status(201, await Es.PutAsync(EsClient.Doc(index, "a"), """{"owner":"A"}""", Cancel));
        var reply = await Es.PostAsync($"/{index}/_mget", """{"ids":["a"]}""", Cancel);
        Assert.True(reply.Bool("docs.0.found"));
    }

    [Fact]
    public async Task Missing_index_or_id_and_no_documents_are_validation_errors()
    {
        EsAssert.Validation(await Es.PostAsync("/_mget", """{"docs":[]}""", Cancel), "no documents to get");
        EsAssert.Validation(await Es.PostAsync("/_mget", """{"ids":["a"]}""", Cancel), "index is missing for doc 0");
        EsAssert.Validation(await Es.PostAsync("/_mget", """{"docs":[{"_index":"x"}]}""", Cancel), "id is missing for doc 0");
    }

    [Fact]
    public async Task Unknown_keys_are_parse_errors()
    {
        var unknownTop = await Es.PostAsync("/_mget", """{"documents":[]}""", Cancel);
        EsAssert.Status(400, unknownTop);
        Assert.Equal("parse_exception", unknownTop.Str("error.type"));

        var unknownInDoc = await Es.PostAsync("/_mget", """{"docs":[{"_index":"x","_id":"1","colour":"blue"}]}""", Cancel);
        EsAssert.Error(unknownInDoc, 400, "parse_exception", "failed to parse multi get request. unknown field [colour]");
    }
}
