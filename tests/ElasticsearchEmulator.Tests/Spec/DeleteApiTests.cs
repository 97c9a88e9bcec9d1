using Coordination.ElasticsearchEmulator.Tests.Infrastructure;

namespace Coordination.ElasticsearchEmulator.Tests.Spec;

/// <summary>Section 5: delete results, tombstones and the versions around them.</summary>
public sealed class DeleteApiTests(EsFixture fixture) : EsTestBase(fixture)
{
    [Fact]
    public async Task Delete_of_an_absent_document_is_a_404_write_response_not_an_error()
    {
        var index = await CreateIndexAsync();
        var reply = await Es.DeleteAsync(EsClient.Doc(index, "nope"), Cancel);
        EsAssert.Written(reply, 404, "not_found", 1, seqNo: 0);
        Assert.Equal(1, reply.Long("_primary_term"));
        Assert.False(reply.Has("error"));
    }

    [Fact]
    public async Task Delete_does_not_create_a_missing_index()
    {
        var index = NewIndex();
        EsAssert.IndexNotFound(await Es.DeleteAsync(EsClient.Doc(index, "1"), Cancel), index);
        EsAssert.Status(404, await Es.HeadAsync("/" + index, Cancel));
    }

    [Fact]
    public async Task Index_delete_recreate_continues_versions_and_sequence_numbers()
    {
        var index = NewIndex();
        EsAssert.Written(await Es.PutAsync(EsClient.Doc(index, "1"), """{"a":1}""", Cancel), 201, "created", 1, seqNo: 0);
        EsAssert.Written(await Es.DeleteAsync(EsClient.Doc(index, "1"), Cancel), 200, "deleted", 2, seqNo: 1);
        EsAssert.Written(await Es.PutAsync(EsClient.Path(index, "_create", "1"), """{"a":1}""", Cancel), 201, "created", 3, seqNo: 2);
    }

    [Fact]
    public async Task Deleting_a_missing_document_still_leaves_a_tombstone()
    {
        var index = await CreateIndexAsync();
        EsAssert.Written(await Es.DeleteAsync(EsClient.Doc(index, "1"), Cancel), 404, "not_found", 1, seqNo: 0);
        EsAssert.Written(await Es.DeleteAsync(EsClient.Doc(index, "1"), Cancel), 404, "not_found", 2, seqNo: 1);
        EsAssert.Written(await Es.PutAsync(EsClient.Doc(index, "1"), """{"a":1}""", Cancel), 201, "created", 3, seqNo: 2);
    }

    [Fact]
    public async Task Delete_with_a_matching_cas_succeeds()
    {
        var index = NewIndex();
        var created = await Es.PutAsync(EsClient.Doc(index, "1"), """{"a":1}""", Cancel);
        var reply = await Es.DeleteAsync(EsClient.Doc(index, "1", $"if_seq_no={created.Long("_seq_no")}&if_primary_term={created.Long("_primary_term")}"), Cancel);
        EsAssert.Written(reply, 200, "deleted", 2, seqNo: 1);
    }

    [Fact]
    public async Task Delete_validation_uses_the_index_rules()
    {
        var reply = await Es.DeleteAsync(EsClient.Doc(NewIndex(), "1", "version=2"), Cancel);
        EsAssert.Validation(reply, "internal versioning can not be used for optimistic concurrency control. Please use `if_seq_no` and `if_primary_term` instead");
    }
}
