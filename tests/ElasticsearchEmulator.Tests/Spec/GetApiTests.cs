using Coordination.ElasticsearchEmulator.Tests.Infrastructure;

namespace Coordination.ElasticsearchEmulator.Tests.Spec;

/// <summary>Section 4: the get API, HEAD, _source and realtime reads.</summary>
public sealed class GetApiTests(EsFixture fixture) : EsTestBase(fixture)
{
    [Fact]
    public async Task Found_document_fields_come_in_order()
    {
        var index = NewIndex();
        await Es.PutAsync(EsClient.Doc(index, "1"), """{"owner":"A","n":1}""", Cancel);
        var got = await Es.GetAsync(EsClient.Doc(index, "1"), Cancel);
        EsAssert.Status(200, got);
        Assert.Equal(["_index", "_id", "_version", "_seq_no", "_primary_term", "found", "_source"], got.Keys());
        Assert.True(got.Bool("found"));
        Assert.Equal("""{"owner":"A","n":1}""", got.At("_source")!.ToJsonString());
    }

    [Fact]
    public async Task Source_comes_back_exactly_as_sent()
    {
        var index = NewIndex();
        const string source = "{ \"owner\" :  \"Ä\",\n  \"nested\": {\"x\": [1, 2.50]} }";
        EsAssert.Status(201, await Es.PutAsync(EsClient.Doc(index, "1"), source, Cancel));
        var raw = await Es.GetAsync(EsClient.Path(index, "_source", "1"), Cancel);
        EsAssert.Status(200, raw);
        Assert.Equal(source, raw.Text);
    }

    [Fact]
    public async Task Deleted_document_reads_as_missing()
    {
        var index = NewIndex();
        await Es.PutAsync(EsClient.Doc(index, "1"), """{"a":1}""", Cancel);
        await Es.DeleteAsync(EsClient.Doc(index, "1"), Cancel);
        var got = await Es.GetAsync(EsClient.Doc(index, "1"), Cancel);
        EsAssert.Status(404, got);
        Assert.Equal($$"""{"_index":"{{index}}","_id":"1","found":false}""", got.Json!.ToJsonString());
    }

    [Fact]
    public async Task Missing_index_envelope_matches_the_reference()
    {
        var index = NewIndex("i");
        EsAssert.IndexNotFound(await Es.GetAsync(EsClient.Doc(index, "x"), Cancel), index);
    }

    [Fact]
    public async Task Head_answers_200_or_404_without_a_body()
    {
        var index = NewIndex();
        await Es.PutAsync(EsClient.Doc(index, "1"), """{"a":1}""", Cancel);
        var found = await Es.HeadAsync(EsClient.Doc(index, "1"), Cancel);
        var missing = await Es.HeadAsync(EsClient.Doc(index, "2"), Cancel);
        var noIndex = await Es.HeadAsync(EsClient.Doc(NewIndex("none"), "2"), Cancel);
        Assert.Equal((200, 404, 404), (found.Status, missing.Status, noIndex.Status));
        Assert.All(new[] { found, missing, noIndex }, r => Assert.Equal(string.Empty, r.Text));
    }

    [Fact]
    public async Task Source_endpoint_missing_document_is_404()
    {
        var index = await CreateIndexAsync();
        var reply = await Es.GetAsync(EsClient.Path(index, "_source", "nope"), Cancel);
        EsAssert.SimpleError(reply, 404, "resource_not_found_exception", $"Document not found [{index}]/[nope]");
    }

    [Fact]
    public async Task Get_is_realtime_whatever_the_refresh_state()
    {
        var index = await CreateIndexAsync("""{"refresh_interval":"-1"}""");
        await Es.PutAsync(EsClient.Doc(index, "1"), """{"v":1}""", Cancel);
        await Es.PutAsync(EsClient.Doc(index, "1"), """{"v":2}""", Cancel);
        var got = await Es.GetAsync(EsClient.Doc(index, "1"), Cancel);
        Assert.Equal(2, got.Long("_source.v"));
        Assert.Equal(1, got.Long("_seq_no"));
        EsAssert.Status(404, await Es.GetAsync(EsClient.Doc(index, "1", "realtime=false"), Cancel));
    }

    [Fact]
    public async Task Source_filtering_parameters()
    {
        var index = NewIndex();
        await Es.PutAsync(EsClient.Doc(index, "1"), """{"owner":"A","lease":{"expires":5,"token":9},"n":1}""", Cancel);
        var withoutSource = await Es.GetAsync(EsClient.Doc(index, "1", "_source=false"), Cancel);
        Assert.False(withoutSource.Has("_source"));
        Assert.True(withoutSource.Bool("found"));
        var included = await Es.GetAsync(EsClient.Doc(index, "1", "_source_includes=owner,lease.token"), Cancel);
        Assert.Equal("""{"owner":"A","lease":{"token":9}}""", included.At("_source")!.ToJsonString());
        var excluded = await Es.GetAsync(EsClient.Doc(index, "1", "_source_excludes=lease"), Cancel);
        Assert.Equal("""{"owner":"A","n":1}""", excluded.At("_source")!.ToJsonString());
    }
}
