using Coordination.ElasticsearchEmulator.Tests.Infrastructure;

namespace Coordination.ElasticsearchEmulator.Tests.Yaml;

/// <summary>The facts of rest-api-spec/test/delete/*.yml.</summary>
public sealed class DeleteYamlTests(EsFixture fixture) : EsTestBase(fixture)
{
    [Fact]
    public async Task Delete_10_basic()
    {
        var index = NewIndex("test_1");
        EsAssert.Written(await Es.PutAsync(EsClient.Doc(index, "1"), """{"foo":"bar"}""", Cancel), 201, "created", 1);
        EsAssert.Written(await Es.DeleteAsync(EsClient.Doc(index, "1"), Cancel), 200, "deleted", 2);
    }

    [Fact]
    public async Task Delete_12_result()
    {
        var index = NewIndex("test_1");
        EsAssert.Status(201, await Es.PutAsync(EsClient.Doc(index, "1"), """{"foo":"bar"}""", Cancel));
        EsAssert.Written(await Es.DeleteAsync(EsClient.Doc(index, "1"), Cancel), 200, "deleted", 2);
        var again = await Es.DeleteAsync(EsClient.Doc(index, "1"), Cancel);
        EsAssert.Written(again, 404, "not_found", 3);
        Assert.False(again.Has("error"));
    }

    [Fact]
    public async Task Delete_20_cas()
    {
        var index = NewIndex("test_1");
        var created = await Es.PutAsync(EsClient.Doc(index, "1"), """{"foo":"bar"}""", Cancel);
        Assert.Equal(0, created.Long("_seq_no"));
        EsAssert.Conflict(await Es.DeleteAsync(EsClient.Doc(index, "1", "if_seq_no=2&if_primary_term=1"), Cancel), index, "1",
            "required seqNo [2], primary term [1]. current document has seqNo [0] and primary term [1]");
        var deleted = await Es.DeleteAsync(EsClient.Doc(index, "1", "if_seq_no=0&if_primary_term=1"), Cancel);
        EsAssert.Written(deleted, 200, "deleted", 2, seqNo: 1);
    }

    [Fact]
    public async Task Delete_25_external_version()
    {
        var index = NewIndex("test_1");
        EsAssert.Written(await Es.PutAsync(EsClient.Doc(index, "1", "version_type=external&version=5"), """{"foo":"bar"}""", Cancel), 201, "created", 5);
        EsAssert.Conflict(await Es.DeleteAsync(EsClient.Doc(index, "1", "version_type=external&version=4"), Cancel), index, "1",
            "current version [5] is higher or equal to the one provided [4]");
        EsAssert.Written(await Es.DeleteAsync(EsClient.Doc(index, "1", "version_type=external&version=6"), Cancel), 200, "deleted", 6);
    }

    [Fact]
    public async Task Delete_50_refresh()
    {
        var index = await CreateIndexAsync("""{"refresh_interval":-1,"number_of_shards":5,"number_of_routing_shards":5,"number_of_replicas":0}""");
        EsAssert.Status(201, await Es.PutAsync(EsClient.Doc(index, "1", "refresh=true"), """{"foo":"bar"}""", Cancel));

        // Ids 1 and 3 route to different shards, so refreshing one shard leaves the other's delete invisible.
        var three = await Es.PutAsync(EsClient.Doc(index, "3", "refresh=true"), """{"foo":"bar"}""", Cancel);
        Assert.True(three.Bool("forced_refresh"));
        Assert.Equal(2, (await TermsAsync(index)).Long("hits.total"));

        EsAssert.Status(200, await Es.DeleteAsync(EsClient.Doc(index, "1"), Cancel));
        Assert.Equal(2, (await TermsAsync(index)).Long("hits.total"));

        EsAssert.Status(200, await Es.DeleteAsync(EsClient.Doc(index, "3", "refresh=true"), Cancel));
        Assert.Equal(1, (await TermsAsync(index)).Long("hits.total"));

        var other = NewIndex("test_1");
        Assert.True((await Es.PutAsync(EsClient.Doc(other, "1", "refresh=true"), """{"foo":"bar"}""", Cancel)).Bool("forced_refresh"));
        Assert.Equal(1, (await TermAsync(other, "1")).Long("hits.total"));
        EsAssert.Status(200, await Es.DeleteAsync(EsClient.Doc(other, "1", "refresh="), Cancel));
        Assert.Equal(0, (await TermAsync(other, "1")).Long("hits.total"));

        var waiting = NewIndex("delete_50_refresh_1");
        Assert.True((await Es.PutAsync(EsClient.Doc(waiting, "delete_50_refresh_id1", "refresh=true"), """{"foo":"bar"}""", Cancel)).Bool("forced_refresh"));
        Assert.Equal(1, (await TermAsync(waiting, "delete_50_refresh_id1")).Long("hits.total"));
        var pending = Es.DeleteAsync(EsClient.Doc(waiting, "delete_50_refresh_id1", "refresh=wait_for"), Cancel);
        var waited = await CompleteWaitForAsync(pending, waiting, TimeSpan.FromSeconds(1));
        EsAssert.Written(waited, 200, "deleted", 2);
        Assert.False(waited.Has("forced_refresh"));
        Assert.Equal(0, (await TermAsync(waiting, "delete_50_refresh_id1")).Long("hits.total"));
    }

    [Fact]
    public async Task Delete_60_missing()
    {
        var missingIndex = NewIndex("test_1");
        EsAssert.IndexNotFound(await Es.DeleteAsync(EsClient.Doc(missingIndex, "1"), Cancel), missingIndex);
        EsAssert.Status(404, await Es.HeadAsync("/" + missingIndex, Cancel));

        var index = await CreateIndexAsync();
        EsAssert.Written(await Es.DeleteAsync(EsClient.Doc(index, "1"), Cancel), 404, "not_found", 1);
    }

    private Task<EsReply> TermsAsync(string index) =>
        Es.PostAsync(EsClient.Path(index, "_search", query: "rest_total_hits_as_int=true"), """{"query":{"terms":{"_id":[1,3]}}}""", Cancel);

    private Task<EsReply> TermAsync(string index, string id) =>
        Es.PostAsync(EsClient.Path(index, "_search", query: "rest_total_hits_as_int=true"), $$$$"""{"query":{"term":{"_id":"{{{{id}}}}"}}}""", Cancel);
}
