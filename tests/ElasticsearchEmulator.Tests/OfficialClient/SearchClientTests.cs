using Coordination.ElasticsearchEmulator.Tests.Infrastructure;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Mapping;
using Elastic.Clients.Elasticsearch.QueryDsl;

namespace Coordination.ElasticsearchEmulator.Tests.OfficialClient;

/// <summary>
/// Search as the providers use it (listing locks, finding a cluster's membership document) and the conditional write
/// of a membership version document, through the official client.
/// </summary>
public sealed class SearchClientTests(EsFixture fixture) : OfficialClientTestBase(fixture)
{
    private async Task<string> LockIndexWithThreeLocksAsync()
    {
        var index = NewTwinIndex();
        var created = await Client.Indices.CreateAsync(index, c => c
            .Settings(s => s.NumberOfShards(1).NumberOfReplicas(0))
            .Mappings(m => m.Properties(new Properties
            {
                { "owner", new KeywordProperty() },
                { "token", new LongNumberProperty() },
                { "nonce", new KeywordProperty() },
            })), Cancel);
        Assert.True(created.IsValidResponse, created.DebugInformation);
        foreach (var (id, owner, token) in new[] { ("k1", "A", 3L), ("k2", "B", 1L), ("k3", "A", 2L) })
        {
            var written = await Client.IndexAsync(new LockDocument { Owner = owner, Token = token, Nonce = id }, r => r.Index(index).Id(id).OpType(OpType.Create), Cancel);
            Assert.Equal(Result.Created, written.Result);
        }

        Assert.True((await Client.Indices.RefreshAsync(index, Cancel)).IsValidResponse);
        return index;
    }

    [Fact]
    public async Task Term_query_sorted_and_sized_with_sequence_numbers()
    {
        var index = await LockIndexWithThreeLocksAsync();

        var result = await Client.SearchAsync<LockDocument>(s => s
            .Indices(index)
            .Query(q => q.Term(t => t.Field("owner").Value("A")))
            .Sort(so => so.Field("token", f => f.Order(SortOrder.Asc)))
            .Size(10)
            .SeqNoPrimaryTerm(true), Cancel);

        Assert.True(result.IsValidResponse, result.DebugInformation);
        Assert.Equal(200, StatusOf(result));
        Assert.Equal(2, result.Total);
        Assert.Equal(["k3", "k1"], result.Hits.Select(h => h.Id).ToArray());
        Assert.Equal([2L, 3L], result.Documents.Select(d => d.Token).ToArray());
        Assert.All(result.Hits, h => Assert.Equal(1, h.PrimaryTerm));
        Assert.Equal([2L, 0L], result.Hits.Select(h => h.SeqNo ?? -1).ToArray());
        Assert.Null(result.HitsMetadata.MaxScore);

        await AssertRawReplayAgreesAsync();
    }

    [Fact]
    public async Task Terms_and_match_all_with_size()
    {
        var index = await LockIndexWithThreeLocksAsync();

        var terms = await Client.SearchAsync<LockDocument>(s => s
            .Indices(index)
            .Query(q => q.Terms(t => t.Field("nonce").Terms(new TermsQueryField(["k1", "k2", "zz"])))), Cancel);
        Assert.True(terms.IsValidResponse, terms.DebugInformation);
        Assert.Equal(2, terms.Total);
        Assert.Equal(["k1", "k2"], terms.Hits.Select(h => h.Id).Order().ToArray());

        var all = await Client.SearchAsync<LockDocument>(s => s
            .Indices(index)
            .Query(q => q.MatchAll())
            .Sort(so => so.Field("token", f => f.Order(SortOrder.Desc)))
            .Size(2), Cancel);
        Assert.True(all.IsValidResponse, all.DebugInformation);
        Assert.Equal(3, all.Total);
        Assert.Equal(["k1", "k3"], all.Hits.Select(h => h.Id).ToArray());
        Assert.True(all.Hits.First().Sort!.Single().TryGetLong(out var firstSort));
        Assert.Equal(3L, firstSort);

        var none = await Client.SearchAsync<LockDocument>(s => s.Indices(index).Query(q => q.Term(t => t.Field("owner").Value("nobody"))), Cancel);
        Assert.True(none.IsValidResponse, none.DebugInformation);
        Assert.Equal(0, none.Total);
        Assert.Empty(none.Documents);

        await AssertRawReplayAgreesAsync();
    }

    [Fact]
    public async Task Search_of_a_missing_index_is_a_404_the_client_reports()
    {
        var missing = NewTwinIndex("missing");
        var result = await Client.SearchAsync<LockDocument>(s => s.Indices(missing).Query(q => q.MatchAll()), Cancel);
        Assert.False(result.IsValidResponse);
        Assert.Equal(404, StatusOf(result));
        Assert.Equal("index_not_found_exception", result.ElasticsearchServerError?.Error?.Type);
        await AssertRawReplayAgreesAsync();
    }

    /// <summary>
    /// The membership table pattern: one document per cluster id holding the version and the rows, found by a term
    /// search on the cluster id and changed only by a compare-and-set on the etag read with it.
    /// </summary>
    [Fact]
    public async Task Membership_document_is_found_by_cluster_id_and_changed_by_compare_and_set()
    {
        var index = NewTwinIndex("membership");

        // No periodic refresh, so what search sees is decided by the test alone, on a real cluster too.
        var created = await Client.Indices.CreateAsync(index, c => c
            .Settings(s => s.NumberOfShards(1).NumberOfReplicas(0).RefreshInterval("-1"))
            .Mappings(m => m.Properties(new Properties
            {
                { "cluster_id", new KeywordProperty() },
                { "version", new IntegerNumberProperty() },
                { "write_id", new KeywordProperty() },
            })), Cancel);
        Assert.True(created.IsValidResponse, created.DebugInformation);

        var table = new MembershipDocument { ClusterId = "cluster-a", Version = 0, WriteId = "w0" };
        var inserted = await Client.IndexAsync(table, r => r.Index(index).Id("cluster-a").OpType(OpType.Create).Refresh(Refresh.True), Cancel);
        Assert.Equal(Result.Created, inserted.Result);
        Assert.True(inserted.ForcedRefresh);
        var other = await Client.IndexAsync(table with { ClusterId = "cluster-b" }, r => r.Index(index).Id("cluster-b").OpType(OpType.Create).Refresh(Refresh.True), Cancel);
        Assert.Equal(Result.Created, other.Result);

        var found = await Client.SearchAsync<MembershipDocument>(s => s
            .Indices(index)
            .Query(q => q.Term(t => t.Field("cluster_id").Value("cluster-a")))
            .SeqNoPrimaryTerm(true)
            .Size(1), Cancel);
        Assert.True(found.IsValidResponse, found.DebugInformation);
        var hit = Assert.Single(found.Hits);
        Assert.Equal("cluster-a", hit.Source?.ClusterId);
        Assert.Equal(inserted.SeqNo, hit.SeqNo);
        Assert.Equal(inserted.PrimaryTerm, hit.PrimaryTerm);

        // Two silos read the same etag; the first conditional write wins, the second gets a 409.
        var alive = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var first = hit.Source! with { Version = 1, WriteId = "w1", Members = [new MemberEntry { Address = "10.0.0.1:11111", Status = "Active", IAmAlive = alive }] };
        var second = hit.Source! with { Version = 1, WriteId = "w2", Members = [new MemberEntry { Address = "10.0.0.2:11111", Status = "Active", IAmAlive = alive }] };
        var won = await Client.IndexAsync(first, r => r.Index(index).Id("cluster-a").IfSeqNo(hit.SeqNo!.Value).IfPrimaryTerm(hit.PrimaryTerm!.Value).Refresh(Refresh.True), Cancel);
        Assert.True(won.IsValidResponse, won.DebugInformation);
        Assert.Equal(Result.Updated, won.Result);
        var lost = await Client.IndexAsync(second, r => r.Index(index).Id("cluster-a").IfSeqNo(hit.SeqNo!.Value).IfPrimaryTerm(hit.PrimaryTerm!.Value), Cancel);
        Assert.Equal(409, StatusOf(lost));
        Assert.Equal("version_conflict_engine_exception", lost.ElasticsearchServerError?.Error?.Type);

        // An IAmAlive-style change is a partial update under the same compare-and-set.
        var refreshed = await Client.GetAsync<MembershipDocument>(index, "cluster-a", Cancel);
        Assert.Equal("w1", refreshed.Source?.WriteId);
        var bumped = await Client.UpdateAsync<MembershipDocument, object>(index, "cluster-a", u => u
            .Doc(new { write_id = "w1-alive" })
            .IfSeqNo(refreshed.SeqNo!.Value)
            .IfPrimaryTerm(refreshed.PrimaryTerm!.Value), Cancel);
        Assert.True(bumped.IsValidResponse, bumped.DebugInformation);
        Assert.Equal(Result.Updated, bumped.Result);

        var again = await Client.SearchAsync<MembershipDocument>(s => s
            .Indices(index)
            .Query(q => q.Term(t => t.Field("cluster_id").Value("cluster-a")))
            .SeqNoPrimaryTerm(true), Cancel);
        // Search is near-real-time: it still sees the last refreshed write, not the unrefreshed update (never
        // take an etag for a decision from search without a refresh; GET is realtime).
        Assert.Equal(won.SeqNo, Assert.Single(again.Hits).SeqNo);
        Assert.Equal(bumped.SeqNo, (await Client.GetAsync<MembershipDocument>(index, "cluster-a", Cancel)).SeqNo);

        await AssertRawReplayAgreesAsync();
    }
}
