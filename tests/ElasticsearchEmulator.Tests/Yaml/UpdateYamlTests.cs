using Coordination.ElasticsearchEmulator.Tests.Infrastructure;

namespace Coordination.ElasticsearchEmulator.Tests.Yaml;

/// <summary>The facts of rest-api-spec/test/update/*.yml.</summary>
public sealed class UpdateYamlTests(EsFixture fixture) : EsTestBase(fixture)
{
    [Fact]
    public async Task Update_10_doc()
    {
        var index = NewIndex("test_1");
        EsAssert.Status(201, await Es.PutAsync(EsClient.Doc(index, "1"), """{"foo":"bar","count":1,"nested":{"one":1,"two":2}}""", Cancel));
        var updated = await Es.PostAsync(EsClient.Path(index, "_update", "1"), """{"doc":{"foo":"baz","nested":{"one":3}}}""", Cancel);
        EsAssert.Written(updated, 200, "updated", 2);
        Assert.Equal(index, updated.Str("_index"));
        Assert.Equal("1", updated.Str("_id"));

        var got = await Es.GetAsync(EsClient.Doc(index, "1"), Cancel);
        Assert.Equal("baz", got.Str("_source.foo"));
        Assert.Equal(1, got.Long("_source.count"));
        Assert.Equal(3, got.Long("_source.nested.one"));
        Assert.Equal(2, got.Long("_source.nested.two"));
    }

    [Fact]
    public async Task Update_12_result()
    {
        var index = NewIndex("test_1");
        var path = EsClient.Path(index, "_update", "1");
        EsAssert.Written(await Es.PostAsync(path, """{"doc":{"foo":"bar"},"doc_as_upsert":true}""", Cancel), 201, "created", 1);
        var noop = await Es.PostAsync(path, """{"doc":{"foo":"bar"},"doc_as_upsert":true}""", Cancel);
        EsAssert.Written(noop, 200, "noop", 1);
        EsAssert.Written(await Es.PostAsync(path, """{"doc":{"foo":"bar"},"doc_as_upsert":true,"detect_noop":false}""", Cancel), 200, "updated", 2);
        EsAssert.Written(await Es.PostAsync(path, """{"doc":{"foo":"baz"},"doc_as_upsert":true,"detect_noop":true}""", Cancel), 200, "updated", 3);
    }

    [Fact]
    public async Task Update_16_noop()
    {
        var index = NewIndex("test_1");
        var created = await Es.PutAsync(EsClient.Doc(index, "1"), """{"foo":"bar"}""", Cancel);
        EsAssert.Written(created, 201, "created", 1, seqNo: 0);
        Assert.Equal(1, created.Long("_primary_term"));

        var noop = await Es.PostAsync(EsClient.Path(index, "_update", "1"), """{"doc":{"foo":"bar"}}""", Cancel);
        EsAssert.Written(noop, 200, "noop", 1, seqNo: 0);
        Assert.Equal(1, noop.Long("_primary_term"));
        Assert.Equal(0, noop.Long("_shards.total"));
        Assert.Equal(0, noop.Long("_shards.successful"));

        var forced = await Es.PostAsync(EsClient.Path(index, "_update", "1"), """{"doc":{"foo":"bar"},"detect_noop":false}""", Cancel);
        EsAssert.Written(forced, 200, "updated", 2, seqNo: 1);
        Assert.Equal(1, forced.Long("_primary_term"));
    }

    [Fact]
    public async Task Update_20_doc_upsert()
    {
        var index = NewIndex("test_1");
        var path = EsClient.Path(index, "_update", "1");
        EsAssert.Status(201, await Es.PostAsync(path, """{"doc":{"foo":"bar","count":1},"upsert":{"foo":"baz"}}""", Cancel));
        var first = await Es.GetAsync(EsClient.Doc(index, "1"), Cancel);
        Assert.Equal("baz", first.Str("_source.foo"));
        Assert.False(first.Has("_source.count"));

        EsAssert.Status(200, await Es.PostAsync(path, """{"doc":{"foo":"bar","count":1},"upsert":{"foo":"baz"}}""", Cancel));
        var second = await Es.GetAsync(EsClient.Doc(index, "1"), Cancel);
        Assert.Equal("bar", second.Str("_source.foo"));
        Assert.Equal(1, second.Long("_source.count"));
    }

    [Fact]
    public async Task Update_22_doc_as_upsert()
    {
        var index = NewIndex("test_1");
        var path = EsClient.Path(index, "_update", "1");
        EsAssert.Status(201, await Es.PostAsync(path, """{"doc":{"foo":"bar","count":1},"doc_as_upsert":true}""", Cancel));
        var first = await Es.GetAsync(EsClient.Doc(index, "1"), Cancel);
        Assert.Equal("bar", first.Str("_source.foo"));
        Assert.Equal(1, first.Long("_source.count"));

        EsAssert.Status(200, await Es.PostAsync(path, """{"doc":{"count":2},"doc_as_upsert":true}""", Cancel));
        var second = await Es.GetAsync(EsClient.Doc(index, "1"), Cancel);
        Assert.Equal("bar", second.Str("_source.foo"));
        Assert.Equal(2, second.Long("_source.count"));
    }

    [Fact]
    public async Task Update_35_if_seq_no()
    {
        var index = NewIndex("test_1");
        var missing = await Es.PostAsync(EsClient.Path(index, "_update", "1", "if_seq_no=1&if_primary_term=1"), """{"doc":{"foo":"baz"}}""", Cancel);
        EsAssert.SimpleError(missing, 404, "document_missing_exception", "[1]: document missing");

        EsAssert.Status(201, await Es.PutAsync(EsClient.Doc(index, "1"), """{"foo":"baz"}""", Cancel));
        var wrong = await Es.PostAsync(EsClient.Path(index, "_update", "1", "if_seq_no=234&if_primary_term=1"), """{"doc":{"foo":"baz"}}""", Cancel);
        EsAssert.Conflict(wrong, index, "1", "required seqNo [234], primary term [1]. current document has seqNo [0] and primary term [1]");

        EsAssert.Status(200, await Es.PostAsync(EsClient.Path(index, "_update", "1", "if_seq_no=0&if_primary_term=1"), """{"doc":{"foo":"bar"}}""", Cancel));
        var got = await Es.GetAsync(EsClient.Doc(index, "1"), Cancel);
        Assert.Equal("""{"foo":"bar"}""", got.At("_source")!.ToJsonString());

        var bulk = await Es.BulkAsync("/_bulk",
            $$$$"""{"update":{"_index":"{{{{index}}}}","_id":"1","if_seq_no":100,"if_primary_term":200}}""",
            """{"doc":{"foo":"baz"}}""");
        EsAssert.Status(200, bulk);
        Assert.True(bulk.Bool("errors"));
        Assert.Equal(409, bulk.Long("items.0.update.status"));
    }
}
