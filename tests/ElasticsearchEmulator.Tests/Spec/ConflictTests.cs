using Coordination.ElasticsearchEmulator.Tests.Infrastructure;

namespace Coordination.ElasticsearchEmulator.Tests.Spec;

/// <summary>Section 3: every 409 variant, the order of the checks, and that a rejected write changes nothing.</summary>
public sealed class ConflictTests(EsFixture fixture) : EsTestBase(fixture)
{
    [Fact]
    public async Task Cas_on_a_live_document_reports_both_positions()
    {
        var index = NewIndex();
        await Es.PutAsync(EsClient.Doc(index, "k"), """{"v":1}""", Cancel);
        var reply = await Es.PutAsync(EsClient.Doc(index, "k", "if_seq_no=3&if_primary_term=1"), """{"v":2}""", Cancel);
        EsAssert.Conflict(reply, index, "k", "required seqNo [3], primary term [1]. current document has seqNo [0] and primary term [1]");
    }

    [Fact]
    public async Task Cas_on_a_missing_document_is_409_not_404_for_index_and_delete()
    {
        var index = await CreateIndexAsync();
        EsAssert.Conflict(await Es.PutAsync(EsClient.Doc(index, "ghost", "if_seq_no=0&if_primary_term=1"), """{"v":1}""", Cancel),
            index, "ghost", "required seqNo [0], primary term [1]. but no document was found");
        EsAssert.Conflict(await Es.DeleteAsync(EsClient.Doc(index, "ghost", "if_seq_no=0&if_primary_term=1"), Cancel),
            index, "ghost", "required seqNo [0], primary term [1]. but no document was found");
    }

    [Fact]
    public async Task Cas_on_a_deleted_document_says_no_document_even_with_the_tombstone_position()
    {
        var index = NewIndex();
        await Es.PutAsync(EsClient.Doc(index, "k"), """{"v":1}""", Cancel);
        var deleted = await Es.DeleteAsync(EsClient.Doc(index, "k"), Cancel);
        var seqNo = deleted.Long("_seq_no");
        var reply = await Es.PutAsync(EsClient.Doc(index, "k", $"if_seq_no={seqNo}&if_primary_term=1"), """{"v":2}""", Cancel);
        EsAssert.Conflict(reply, index, "k", $"required seqNo [{seqNo}], primary term [1]. but no document was found");
    }

    [Fact]
    public async Task Create_on_a_live_document_conflicts_but_succeeds_on_a_tombstone()
    {
        var index = NewIndex();
        EsAssert.Written(await Es.PutAsync(EsClient.Path(index, "_create", "k"), """{"v":1}""", Cancel), 201, "created", 1, seqNo: 0);
        EsAssert.Conflict(await Es.PutAsync(EsClient.Path(index, "_create", "k"), """{"v":1}""", Cancel),
            index, "k", "document already exists (current version [1])");
        EsAssert.Written(await Es.DeleteAsync(EsClient.Doc(index, "k"), Cancel), 200, "deleted", 2, seqNo: 1);
        EsAssert.Written(await Es.PutAsync(EsClient.Path(index, "_create", "k"), """{"v":3}""", Cancel), 201, "created", 3, seqNo: 2);
    }

    [Fact]
    public async Task External_and_external_gte_explanations()
    {
        var index = NewIndex();
        await Es.PutAsync(EsClient.Doc(index, "k", "version_type=external&version=5"), """{"v":1}""", Cancel);
        EsAssert.Conflict(await Es.PutAsync(EsClient.Doc(index, "k", "version_type=external_gt&version=5"), """{"v":1}""", Cancel),
            index, "k", "current version [5] is higher or equal to the one provided [5]");
        EsAssert.Conflict(await Es.PutAsync(EsClient.Doc(index, "k", "version_type=external_gte&version=4"), """{"v":1}""", Cancel),
            index, "k", "current version [5] is higher than the one provided [4]");
    }

    [Fact]
    public async Task Rejected_writes_take_no_sequence_number_and_change_nothing()
    {
        var index = NewIndex();
        await Es.PutAsync(EsClient.Doc(index, "k"), """{"v":1}""", Cancel);
        EsAssert.Status(409, await Es.PutAsync(EsClient.Doc(index, "k", "if_seq_no=9&if_primary_term=1"), """{"v":2}""", Cancel));
        EsAssert.Status(409, await Es.PutAsync(EsClient.Path(index, "_create", "k"), """{"v":3}""", Cancel));
        EsAssert.Status(409, await Es.DeleteAsync(EsClient.Doc(index, "k", "if_seq_no=9&if_primary_term=1"), Cancel));

        var got = await Es.GetAsync(EsClient.Doc(index, "k"), Cancel);
        Assert.Equal(1, got.Long("_version"));
        Assert.Equal(0, got.Long("_seq_no"));
        Assert.Equal(1, got.Long("_source.v"));
        EsAssert.Written(await Es.PutAsync(EsClient.Doc(index, "other"), """{"v":1}""", Cancel), 201, "created", 1, seqNo: 1);
    }

    [Fact]
    public async Task Bulk_conflicts_are_per_item_with_http_200()
    {
        var index = NewIndex();
        await Es.PutAsync(EsClient.Doc(index, "a"), """{"v":1}""", Cancel);
        var reply = await Es.BulkAsync("/_bulk",
            $$"""{"create":{"_index":"{{index}}","_id":"a"} }""",
            """{"v":2}""",
            $$"""{"index":{"_index":"{{index}}","_id":"b"} }""",
            """{"v":3}""",
            $$"""{"delete":{"_index":"{{index}}","_id":"zz"} }""");
        EsAssert.Status(200, reply);
        Assert.True(reply.Bool("errors"));
        Assert.Equal(409, reply.Long("items.0.create.status"));
        Assert.Equal("[a]: version conflict, document already exists (current version [1])", reply.Str("items.0.create.error.reason"));
        Assert.False(reply.Has("items.0.create.error.root_cause"));
        Assert.Equal(201, reply.Long("items.1.index.status"));
        Assert.Equal("created", reply.Str("items.1.index.result"));
        Assert.Equal(404, reply.Long("items.2.delete.status"));
        Assert.Equal("not_found", reply.Str("items.2.delete.result"));
    }

    [Fact]
    public async Task Concurrent_cas_writers_on_one_position_have_exactly_one_winner()
    {
        var index = NewIndex();
        var created = await Es.PutAsync(EsClient.Doc(index, "k"), """{"owner":"none"}""", Cancel);
        var cas = $"if_seq_no={created.Long("_seq_no")}&if_primary_term={created.Long("_primary_term")}";
        var replies = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Es.PutAsync(EsClient.Doc(index, "k", cas), $$"""{"owner":"w{{i}}"}""", Cancel)));

        var winner = Assert.Single(replies, r => r.Status == 200);
        Assert.Equal(15, replies.Count(r => r.Status == 409));
        var stored = await Es.GetAsync(EsClient.Doc(index, "k"), Cancel);
        Assert.Equal(2, stored.Long("_version"));
        Assert.Equal(winner.Long("_seq_no"), stored.Long("_seq_no"));
    }

    [Fact]
    public async Task Concurrent_creates_of_a_new_index_and_id_have_exactly_one_winner()
    {
        var index = NewIndex();
        var replies = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Es.PutAsync(EsClient.Path(index, "_create", "k"), $$"""{"owner":"w{{i}}"}""", Cancel)));

        Assert.Single(replies, r => r.Status == 201);
        Assert.All(replies.Where(r => r.Status != 201), r => EsAssert.Conflict(r, index, "k", "document already exists (current version [1])"));
    }
}
