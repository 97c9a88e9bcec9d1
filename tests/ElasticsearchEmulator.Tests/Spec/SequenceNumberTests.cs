using Coordination.ElasticsearchEmulator.Tests.Infrastructure;

namespace Coordination.ElasticsearchEmulator.Tests.Spec;

/// <summary>Section 7: how _seq_no, _primary_term and _version evolve.</summary>
public sealed class SequenceNumberTests(EsFixture fixture) : EsTestBase(fixture)
{
    [Fact]
    public async Task One_counter_per_shard_shared_by_all_documents()
    {
        var index = NewIndex();
        Assert.Equal(0, (await Es.PutAsync(EsClient.Doc(index, "a"), """{"v":1}""", Cancel)).Long("_seq_no"));
        Assert.Equal(1, (await Es.PutAsync(EsClient.Doc(index, "b"), """{"v":1}""", Cancel)).Long("_seq_no"));
        var again = await Es.PutAsync(EsClient.Doc(index, "a"), """{"v":2}""", Cancel);
        Assert.Equal(2, again.Long("_seq_no"));
        Assert.Equal(2, again.Long("_version"));
        Assert.Equal(1, again.Long("_primary_term"));
    }

    [Fact]
    public async Task External_version_is_taken_as_given()
    {
        var index = NewIndex();
        var reply = await Es.PutAsync(EsClient.Doc(index, "a", "version_type=external&version=42"), """{"v":1}""", Cancel);
        Assert.Equal(42, reply.Long("_version"));
        Assert.Equal(0, reply.Long("_seq_no"));
    }

    [Fact]
    public async Task Sequence_numbers_restart_when_the_index_is_recreated()
    {
        var index = NewIndex();
        await Es.PutAsync(EsClient.Doc(index, "a"), """{"v":1}""", Cancel);
        await Es.PutAsync(EsClient.Doc(index, "a"), """{"v":2}""", Cancel);
        EsAssert.Status(200, await Es.DeleteAsync("/" + index, Cancel));
        var reply = await Es.PutAsync(EsClient.Doc(index, "a"), """{"v":3}""", Cancel);
        EsAssert.Written(reply, 201, "created", 1, seqNo: 0);
    }

    [Fact]
    public async Task Failover_raises_the_term_for_new_writes_and_stale_cas_then_conflicts()
    {
        var es = RequireEmulator("a primary failover cannot be provoked on a real cluster from a test");
        var index = NewIndex();
        var written = await Es.PutAsync(EsClient.Doc(index, "k"), """{"owner":"A","fence":1}""", Cancel);
        Assert.Equal(1, written.Long("_primary_term"));

        Assert.Equal(2, es.FailoverPrimary(index));
        var kept = await Es.GetAsync(EsClient.Doc(index, "k"), Cancel);
        Assert.Equal(1, kept.Long("_primary_term"));

        var cas = await Es.PutAsync(EsClient.Doc(index, "k", "if_seq_no=0&if_primary_term=1"), """{"owner":"B","fence":2}""", Cancel);
        EsAssert.Written(cas, 200, "updated", 2, seqNo: 1);
        Assert.Equal(2, cas.Long("_primary_term"));

        var stale = await Es.PutAsync(EsClient.Doc(index, "k", "if_seq_no=1&if_primary_term=1"), """{"owner":"C","fence":3}""", Cancel);
        EsAssert.Conflict(stale, index, "k", "required seqNo [1], primary term [1]. current document has seqNo [1] and primary term [2]");
    }
}
