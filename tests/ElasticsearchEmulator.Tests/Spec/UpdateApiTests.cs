using Coordination.ElasticsearchEmulator.Tests.Infrastructure;

namespace Coordination.ElasticsearchEmulator.Tests.Spec;

/// <summary>Section 6: the update API's validation and semantics.</summary>
public sealed class UpdateApiTests(EsFixture fixture) : EsTestBase(fixture)
{
    [Theory]
    [InlineData("if_seq_no=0&if_primary_term=1&retry_on_conflict=2", """{"doc":{"a":1}}""", "compare and write operations can not be retried")]
    [InlineData("if_seq_no=0&if_primary_term=1", """{"doc":{"a":1},"doc_as_upsert":true}""", "compare and write operations can not be used with upsert")]
    [InlineData("if_seq_no=0&if_primary_term=1", """{"doc":{"a":1},"upsert":{"a":0}}""", "upsert requests don't support `if_seq_no` and `if_primary_term`")]
    [InlineData("", """{"detect_noop":true}""", "script or doc is missing")]
    [InlineData("", """{"doc":{"a":1},"script":{"source":"ctx._source.a = 2"}}""", "can't provide both script and doc")]
    [InlineData("", """{"doc_as_upsert":true}""", "script or doc is missing;2: doc must be specified if doc_as_upsert is enabled")]
    public async Task Update_validation_messages(string query, string body, string message)
    {
        var index = NewIndex();
        var reply = await Es.PostAsync(EsClient.Path(index, "_update", "1", query.Length == 0 ? null : query), body, Cancel);
        EsAssert.SimpleError(reply, 400, "action_request_validation_exception", $"Validation Failed: 1: {message};");
    }

    [Fact]
    public async Task Version_parameters_are_refused_on_update()
    {
        var reply = await Es.PostAsync(EsClient.Path(NewIndex(), "_update", "1", "version=2"), """{"doc":{"a":1}}""", Cancel);
        EsAssert.Validation(reply, "internal versioning can not be used for optimistic concurrency control. Please use `if_seq_no` and `if_primary_term` instead");
    }

    [Fact]
    public async Task Missing_document_without_upsert_is_document_missing_with_shard_metadata()
    {
        var index = NewIndex();
        var reply = await Es.PostAsync(EsClient.Path(index, "_update", "ghost"), """{"doc":{"a":1}}""", Cancel);
        EsAssert.SimpleError(reply, 404, "document_missing_exception", "[ghost]: document missing");
        Assert.Equal(["type", "reason", "index_uuid", "shard", "index"], reply.Keys("error").Where(k => k != "root_cause"));
        Assert.Equal(index, reply.Str("error.index"));
        EsAssert.Status(200, await Es.HeadAsync("/" + index, Cancel));
    }

    [Fact]
    public async Task Upsert_creates_with_201_and_a_location()
    {
        var index = NewIndex();
        var reply = await Es.PostAsync(EsClient.Path(index, "_update", "k"), """{"doc":{"owner":"A"},"upsert":{"owner":"B","token":1}}""", Cancel);
        EsAssert.Written(reply, 201, "created", 1, seqNo: 0);
        Assert.Equal($"/{index}/_doc/k", reply.Header("Location"));
        var got = await Es.GetAsync(EsClient.Doc(index, "k"), Cancel);
        Assert.Equal("B", got.Str("_source.owner"));
    }

    [Fact]
    public async Task Noop_keeps_version_sequence_number_and_term()
    {
        var index = NewIndex();
        var created = await Es.PutAsync(EsClient.Doc(index, "k"), """{"owner":"A","lease":{"token":1}}""", Cancel);
        var noop = await Es.PostAsync(EsClient.Path(index, "_update", "k"), """{"doc":{"lease":{"token":1}}}""", Cancel);
        EsAssert.Written(noop, 200, "noop", 1, seqNo: created.Long("_seq_no"));
        Assert.Equal("""{"total":0,"successful":0,"failed":0}""", noop.At("_shards")!.ToJsonString());

        var next = await Es.PutAsync(EsClient.Doc(index, "other"), """{"a":1}""", Cancel);
        Assert.Equal(created.Long("_seq_no") + 1, next.Long("_seq_no"));
    }

    [Fact]
    public async Task Update_with_matching_cas_writes_and_with_stale_cas_conflicts()
    {
        var index = NewIndex();
        var created = await Es.PutAsync(EsClient.Doc(index, "k"), """{"token":1}""", Cancel);
        var cas = $"if_seq_no={created.Long("_seq_no")}&if_primary_term={created.Long("_primary_term")}";
        EsAssert.Written(await Es.PostAsync(EsClient.Path(index, "_update", "k", cas), """{"doc":{"token":2}}""", Cancel), 200, "updated", 2, seqNo: 1);
        EsAssert.Conflict(await Es.PostAsync(EsClient.Path(index, "_update", "k", cas), """{"doc":{"token":3}}""", Cancel),
            index, "k", "required seqNo [0], primary term [1]. current document has seqNo [1] and primary term [1]");
    }

    [Fact]
    public async Task Update_merges_objects_and_replaces_everything_else()
    {
        var index = NewIndex();
        await Es.PutAsync(EsClient.Doc(index, "k"), """{"owner":"A","tags":["x","y"],"lease":{"token":1,"until":5}}""", Cancel);
        await Es.PostAsync(EsClient.Path(index, "_update", "k"), """{"doc":{"tags":["z"],"lease":{"until":9},"extra":true}}""", Cancel);
        var got = await Es.GetAsync(EsClient.Doc(index, "k"), Cancel);
        Assert.Equal("""{"owner":"A","tags":["z"],"lease":{"token":1,"until":9},"extra":true}""", got.At("_source")!.ToJsonString());
    }

    [Fact]
    public async Task Unknown_body_field_is_an_x_content_parse_exception()
    {
        var reply = await Es.PostAsync(EsClient.Path(NewIndex(), "_update", "1"), """{"doc":{"a":1},"colour":"blue"}""", Cancel);
        EsAssert.SimpleError(reply, 400, "x_content_parse_exception", "[1:16] [UpdateRequest] unknown field [colour]");
    }

    [Fact]
    public async Task Update_can_return_the_new_source()
    {
        var index = NewIndex();
        await Es.PutAsync(EsClient.Doc(index, "k"), """{"owner":"A"}""", Cancel);
        var reply = await Es.PostAsync(EsClient.Path(index, "_update", "k", "_source=true"), """{"doc":{"owner":"B"}}""", Cancel);
        EsAssert.Status(200, reply);
        Assert.True(reply.Bool("get.found"));
        Assert.Equal("B", reply.Str("get._source.owner"));
        Assert.Equal(reply.Long("_seq_no"), reply.Long("get._seq_no"));
    }

    [Fact]
    public async Task Scripts_are_refused_by_the_emulator()
    {
        RequireEmulator("the emulator has no scripting engine; a real cluster runs the script");
        var index = NewIndex();
        await Es.PutAsync(EsClient.Doc(index, "k"), """{"n":1}""", Cancel);
        var reply = await Es.PostAsync(EsClient.Path(index, "_update", "k"), """{"script":{"source":"ctx._source.n++"}}""", Cancel);
        EsAssert.IllegalArgument(reply, "scripts are not supported by the Elasticsearch emulator: update with [doc], [upsert] or [doc_as_upsert] instead");
        Assert.Equal(1, (await Es.GetAsync(EsClient.Doc(index, "k"), Cancel)).Long("_source.n"));
    }
}
