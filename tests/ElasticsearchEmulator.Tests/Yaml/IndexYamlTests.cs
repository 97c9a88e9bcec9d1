using Coordination.ElasticsearchEmulator.Tests.Infrastructure;

namespace Coordination.ElasticsearchEmulator.Tests.Yaml;

/// <summary>The facts of rest-api-spec/test/index/*.yml, on unique index names.</summary>
public sealed class IndexYamlTests(EsFixture fixture) : EsTestBase(fixture)
{
    [Fact]
    public async Task Index_10_with_id()
    {
        var index = NewIndex("test-weird-index-中文");
        var created = await Es.PutAsync(EsClient.Doc(index, "1"), """{"foo":"bar"}""", Cancel);
        EsAssert.Written(created, 201, "created", 1);
        Assert.Equal(index, created.Str("_index"));
        Assert.Equal("1", created.Str("_id"));
        Assert.False(created.Has("_type"));

        var got = await Es.GetAsync(EsClient.Doc(index, "1"), Cancel);
        EsAssert.Status(200, got);
        Assert.Equal(index, got.Str("_index"));
        Assert.Equal("1", got.Str("_id"));
        Assert.Equal(1, got.Long("_version"));
        Assert.Equal("bar", got.Str("_source.foo"));

        var longId = new string('a', 513);
        var tooLong = await Es.PutAsync(EsClient.Doc(NewIndex("idx"), longId), """{"foo":"bar"}""", Cancel);
        EsAssert.Validation(tooLong, $"id [{longId}] is too long, must be no longer than 512 bytes but was: 513");
    }

    [Fact]
    public async Task Index_12_result()
    {
        var index = NewIndex("test_index");
        var first = await Es.PutAsync(EsClient.Doc(index, "1"), """{"foo":"bar"}""", Cancel);
        EsAssert.Written(first, 201, "created", 1);
        var second = await Es.PutAsync(EsClient.Doc(index, "1", "op_type=index"), """{"foo":"bar"}""", Cancel);
        EsAssert.Written(second, 200, "updated", 2);
    }

    [Fact]
    public async Task Index_20_optype()
    {
        var index = NewIndex("test_1");
        EsAssert.Written(await Es.PutAsync(EsClient.Doc(index, "1", "op_type=create"), """{"foo":"bar"}""", Cancel), 201, "created", 1);
        var again = await Es.PutAsync(EsClient.Doc(index, "1", "op_type=create"), """{"foo":"bar"}""", Cancel);
        EsAssert.Conflict(again, index, "1", "document already exists (current version [1])");
        EsAssert.Written(await Es.PutAsync(EsClient.Doc(index, "1", "op_type=index"), """{"foo":"bar"}""", Cancel), 200, "updated", 2);
    }

    [Fact]
    public async Task Index_30_cas()
    {
        var index = NewIndex("test_1");
        var created = await Es.PutAsync(EsClient.Doc(index, "1"), """{"foo":"bar"}""", Cancel);
        EsAssert.Written(created, 201, "created", 1);
        var seqNo = created.Long("_seq_no");
        var term = created.Long("_primary_term");

        var got = await Es.GetAsync(EsClient.Doc(index, "1"), Cancel);
        Assert.Equal(seqNo, got.Long("_seq_no"));
        Assert.Equal(term, got.Long("_primary_term"));

        var wrongSeq = await Es.PutAsync(EsClient.Doc(index, "1", $"if_seq_no=10000&if_primary_term={term}"), """{"foo":"bar2"}""", Cancel);
        EsAssert.Conflict(wrongSeq, index, "1", $"required seqNo [10000], primary term [{term}]. current document has seqNo [{seqNo}] and primary term [{term}]");

        var wrongTerm = await Es.PutAsync(EsClient.Doc(index, "1", $"if_seq_no={seqNo}&if_primary_term=1000"), """{"foo":"bar2"}""", Cancel);
        EsAssert.Conflict(wrongTerm, index, "1", $"required seqNo [{seqNo}], primary term [1000]. current document has seqNo [{seqNo}] and primary term [{term}]");

        var right = await Es.PutAsync(EsClient.Doc(index, "1", $"if_seq_no={seqNo}&if_primary_term={term}"), """{"foo":"bar2"}""", Cancel);
        EsAssert.Written(right, 200, "updated", 2);
    }

    [Fact]
    public async Task Index_35_external_version()
    {
        var index = NewIndex("test_1");
        EsAssert.Written(await Es.PutAsync(EsClient.Doc(index, "1", "version_type=external&version=0"), """{"foo":"bar"}""", Cancel), 201, "created", 0);
        EsAssert.Written(await Es.PutAsync(EsClient.Doc(index, "1", "version_type=external&version=5"), """{"foo":"bar"}""", Cancel), 200, "updated", 5);
        EsAssert.Conflict(
            await Es.PutAsync(EsClient.Doc(index, "1", "version_type=external&version=5"), """{"foo":"bar"}""", Cancel),
            index, "1", "current version [5] is higher or equal to the one provided [5]");
        EsAssert.Conflict(
            await Es.PutAsync(EsClient.Doc(index, "1", "version_type=external&version=0"), """{"foo":"bar"}""", Cancel),
            index, "1", "current version [5] is higher or equal to the one provided [0]");
        EsAssert.Written(await Es.PutAsync(EsClient.Doc(index, "1", "version_type=external&version=6"), """{"foo":"bar"}""", Cancel), 200, "updated", 6);
    }

    [Fact]
    public async Task Index_36_external_gte_version()
    {
        var index = NewIndex("test_1");
        EsAssert.Written(await Es.PutAsync(EsClient.Doc(index, "1", "version_type=external_gte&version=0"), """{"foo":"bar"}""", Cancel), 201, "created", 0);
        EsAssert.Written(await Es.PutAsync(EsClient.Doc(index, "1", "version_type=external_gte&version=5"), """{"foo":"bar"}""", Cancel), 200, "updated", 5);
        EsAssert.Conflict(
            await Es.PutAsync(EsClient.Doc(index, "1", "version_type=external_gte&version=0"), """{"foo":"bar"}""", Cancel),
            index, "1", "current version [5] is higher than the one provided [0]");
        EsAssert.Written(await Es.PutAsync(EsClient.Doc(index, "1", "version_type=external_gte&version=5"), """{"foo":"bar2"}""", Cancel), 200, "updated", 5);
        EsAssert.Written(await Es.PutAsync(EsClient.Doc(index, "1", "version_type=external_gte&version=6"), """{"foo":"bar2"}""", Cancel), 200, "updated", 6);
    }

    [Fact]
    public async Task Index_60_refresh()
    {
        var index = await CreateIndexAsync("""{"index.refresh_interval":-1,"number_of_replicas":0}""");
        EsAssert.Status(201, await Es.PutAsync(EsClient.Doc(index, "1"), """{"foo":"bar"}""", Cancel));
        var notYet = await SearchIdAsync(index, "1");
        Assert.Equal(0, notYet.Long("hits.total"));

        var refreshed = await Es.PutAsync(EsClient.Doc(index, "2", "refresh=true"), """{"foo":"bar"}""", Cancel);
        Assert.True(refreshed.Bool("forced_refresh"));
        Assert.Equal(1, (await SearchIdAsync(index, "2")).Long("hits.total"));

        // An empty refresh parameter means "refresh immediately".
        var other = NewIndex("test_1");
        var empty = await Es.PutAsync(EsClient.Doc(other, "1", "refresh="), """{"foo":"bar"}""", Cancel);
        Assert.True(empty.Bool("forced_refresh"));
        Assert.Equal(1, (await SearchIdAsync(other, "1")).Long("hits.total"));

        // refresh=wait_for waits until the change is visible in search, without forcing a refresh.
        var waiting = NewIndex("index_60_refresh_1");
        var pending = Es.PutAsync(EsClient.Doc(waiting, "index_60_refresh_id1", "refresh=wait_for"), """{"foo":"bar"}""", Cancel);
        var waited = await CompleteWaitForAsync(pending, waiting, TimeSpan.FromSeconds(1));
        EsAssert.Written(waited, 201, "created", 1);
        Assert.False(waited.Has("forced_refresh"));
        Assert.Equal(1, (await SearchIdAsync(waiting, "index_60_refresh_id1")).Long("hits.total"));
    }

    private Task<EsReply> SearchIdAsync(string index, string id) =>
        Es.PostAsync(EsClient.Path(index, "_search", query: "rest_total_hits_as_int=true"), $$$$"""{"query":{"term":{"_id":"{{{{id}}}}"}}}""", Cancel);
}
