using Coordination.ElasticsearchEmulator.Tests.Infrastructure;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Core.MGet;

namespace Coordination.ElasticsearchEmulator.Tests.OfficialClient;

/// <summary>
/// Index (create, CAS), get, delete, update and mget through the official client: the typed results, the ES 9 statuses
/// and error types, and the same conversation over raw HTTP.
/// </summary>
public sealed class DocumentClientTests(EsFixture fixture) : OfficialClientTestBase(fixture)
{
    private static readonly LockDocument HeldByA = new() { Owner = "A", Token = 1, Nonce = "n1" };

    [Fact]
    public async Task Create_is_201_created_and_a_second_create_is_a_409()
    {
        var index = NewTwinIndex();

        var created = await Client.IndexAsync(HeldByA, r => r.Index(index).Id("k").OpType(OpType.Create), Cancel);
        Assert.True(created.IsValidResponse, created.DebugInformation);
        Assert.Equal(201, StatusOf(created));
        Assert.Equal(Result.Created, created.Result);
        Assert.Equal(1, created.Version);
        Assert.Equal(0, created.SeqNo);
        Assert.Equal(1, created.PrimaryTerm);
        Assert.Equal(index, created.Index);
        Assert.Equal("k", created.Id);

        // The client's defaults: gzip body, version-9 media types.
        var sent = Wire.Last;
        Assert.Equal("gzip", sent.RequestHeader("Content-Encoding"));
        Assert.Equal("application/vnd.elasticsearch+json; compatible-with=9", sent.RequestHeader("Content-Type"));
        Assert.Equal("application/vnd.elasticsearch+json; compatible-with=9", sent.RequestHeader("Accept"));
        Assert.NotEqual(sent.SentBody, sent.RequestBody);

        var again = await Client.IndexAsync(HeldByA with { Owner = "B" }, r => r.Index(index).Id("k").OpType(OpType.Create), Cancel);
        Assert.False(again.IsValidResponse);
        Assert.Equal(409, StatusOf(again));
        Assert.Equal("version_conflict_engine_exception", again.ElasticsearchServerError?.Error?.Type);
        Assert.Equal("[k]: version conflict, document already exists (current version [1])", again.ElasticsearchServerError?.Error?.Reason);
        Assert.Equal(409, again.ElasticsearchServerError?.Status);

        await AssertRawReplayAgreesAsync();
    }

    [Fact]
    public async Task Compare_and_set_index_succeeds_on_the_current_etag_and_conflicts_on_a_stale_one()
    {
        var index = NewTwinIndex();
        var created = await Client.IndexAsync(HeldByA, r => r.Index(index).Id("k").OpType(OpType.Create), Cancel);
        Assert.Equal(Result.Created, created.Result);

        var next = HeldByA with { Owner = "B", Token = 2, Nonce = "n2" };
        var updated = await Client.IndexAsync(next, r => r.Index(index).Id("k").IfSeqNo(created.SeqNo!.Value).IfPrimaryTerm(created.PrimaryTerm!.Value), Cancel);
        Assert.True(updated.IsValidResponse, updated.DebugInformation);
        Assert.Equal(200, StatusOf(updated));
        Assert.Equal(Result.Updated, updated.Result);
        Assert.Equal(2, updated.Version);
        Assert.Equal(1, updated.SeqNo);
        Assert.Equal(1, updated.PrimaryTerm);

        var stale = await Client.IndexAsync(HeldByA with { Owner = "C" }, r => r.Index(index).Id("k").IfSeqNo(0).IfPrimaryTerm(1), Cancel);
        Assert.False(stale.IsValidResponse);
        Assert.Equal(409, StatusOf(stale));
        Assert.Equal("version_conflict_engine_exception", stale.ElasticsearchServerError?.Error?.Type);
        Assert.Equal("[k]: version conflict, required seqNo [0], primary term [1]. current document has seqNo [1] and primary term [1]", stale.ElasticsearchServerError?.Error?.Reason);
        Assert.Equal(index, stale.ElasticsearchServerError?.Error?.Index);

        var wrongTerm = await Client.IndexAsync(HeldByA with { Owner = "C" }, r => r.Index(index).Id("k").IfSeqNo(1).IfPrimaryTerm(2), Cancel);
        Assert.Equal(409, StatusOf(wrongTerm));

        var onMissing = await Client.IndexAsync(HeldByA, r => r.Index(index).Id("missing").IfSeqNo(0).IfPrimaryTerm(1), Cancel);
        Assert.Equal(409, StatusOf(onMissing));
        Assert.Equal("[missing]: version conflict, required seqNo [0], primary term [1]. but no document was found", onMissing.ElasticsearchServerError?.Error?.Reason);

        var stored = await Client.GetAsync<LockDocument>(index, "k", Cancel);
        Assert.Equal(next, stored.Source);
        Assert.Equal(1, stored.SeqNo);

        await AssertRawReplayAgreesAsync();
    }

    [Fact]
    public async Task Create_with_a_compare_and_set_is_a_validation_error()
    {
        var index = NewTwinIndex();
        var refused = await Client.IndexAsync(HeldByA, r => r.Index(index).Id("k").OpType(OpType.Create).IfSeqNo(0).IfPrimaryTerm(1), Cancel);
        Assert.False(refused.IsValidResponse);
        Assert.Equal(400, StatusOf(refused));
        Assert.Equal("action_request_validation_exception", refused.ElasticsearchServerError?.Error?.Type);
        Assert.Equal("Validation Failed: 1: create operations do not support compare and set. use index instead;", refused.ElasticsearchServerError?.Error?.Reason);
        await AssertRawReplayAgreesAsync();
    }

    [Fact]
    public async Task Get_finds_a_document_misses_a_document_and_misses_an_index()
    {
        var index = NewTwinIndex();
        var missingIndex = NewTwinIndex("missing");
        Assert.Equal(Result.Created, (await Client.IndexAsync(HeldByA, r => r.Index(index).Id("k").OpType(OpType.Create), Cancel)).Result);

        var found = await Client.GetAsync<LockDocument>(index, "k", Cancel);
        Assert.True(found.IsValidResponse, found.DebugInformation);
        Assert.Equal(200, StatusOf(found));
        Assert.True(found.Found);
        Assert.Equal(HeldByA, found.Source);
        Assert.Equal(0, found.SeqNo);
        Assert.Equal(1, found.PrimaryTerm);
        Assert.Equal(1, found.Version);

        // A missing document is a 404 with found:false, not an error envelope; the client parses it all the same.
        var missingDoc = await Client.GetAsync<LockDocument>(index, "nope", Cancel);
        Assert.Equal(404, StatusOf(missingDoc));
        Assert.False(missingDoc.Found);
        Assert.Null(missingDoc.Source);
        Assert.Null(missingDoc.ElasticsearchServerError?.Error);
        Assert.Equal("nope", missingDoc.Id);

        var noIndex = await Client.GetAsync<LockDocument>(missingIndex, "k", Cancel);
        Assert.False(noIndex.IsValidResponse);
        Assert.Equal(404, StatusOf(noIndex));
        Assert.False(noIndex.Found);
        Assert.Equal("index_not_found_exception", noIndex.ElasticsearchServerError?.Error?.Type);
        Assert.Equal($"no such index [{missingIndex}]", noIndex.ElasticsearchServerError?.Error?.Reason);

        var exists = await Client.ExistsAsync(index, "k", Cancel);
        Assert.True(exists.Exists);
        var notExists = await Client.ExistsAsync(index, "nope", Cancel);
        Assert.False(notExists.Exists);
        Assert.Equal(404, StatusOf(notExists));

        await AssertRawReplayAgreesAsync();
    }

    [Fact]
    public async Task Delete_with_compare_and_set_conflicts_when_stale_and_deletes_when_current()
    {
        var index = NewTwinIndex();
        var created = await Client.IndexAsync(HeldByA, r => r.Index(index).Id("k").OpType(OpType.Create), Cancel);
        var updated = await Client.IndexAsync(HeldByA with { Token = 2 }, r => r.Index(index).Id("k"), Cancel);
        Assert.Equal(Result.Updated, updated.Result);

        var stale = await Client.DeleteAsync(new DeleteRequest(index, "k") { IfSeqNo = created.SeqNo, IfPrimaryTerm = created.PrimaryTerm }, Cancel);
        Assert.False(stale.IsValidResponse);
        Assert.Equal(409, StatusOf(stale));
        Assert.Equal("version_conflict_engine_exception", stale.ElasticsearchServerError?.Error?.Type);

        var deleted = await Client.DeleteAsync(new DeleteRequest(index, "k") { IfSeqNo = updated.SeqNo, IfPrimaryTerm = updated.PrimaryTerm }, Cancel);
        Assert.True(deleted.IsValidResponse, deleted.DebugInformation);
        Assert.Equal(200, StatusOf(deleted));
        Assert.Equal(Result.Deleted, deleted.Result);
        Assert.Equal(3, deleted.Version);
        Assert.Equal(2, deleted.SeqNo);

        // Deleting what is not there still takes a sequence number and answers 404 with result not_found.
        var again = await Client.DeleteAsync(new DeleteRequest(index, "k"), Cancel);
        Assert.Equal(404, StatusOf(again));
        Assert.Equal(Result.NotFound, again.Result);
        Assert.Equal(3, again.SeqNo);

        var casOnDeleted = await Client.DeleteAsync(new DeleteRequest(index, "k") { IfSeqNo = 2, IfPrimaryTerm = 1 }, Cancel);
        Assert.Equal(409, StatusOf(casOnDeleted));

        var noIndex = await Client.DeleteAsync(new DeleteRequest(NewTwinIndex("missing"), "k"), Cancel);
        Assert.Equal(404, StatusOf(noIndex));
        Assert.Equal("index_not_found_exception", noIndex.ElasticsearchServerError?.Error?.Type);

        await AssertRawReplayAgreesAsync();
    }

    [Fact]
    public async Task Update_merges_a_doc_detects_a_noop_and_upserts()
    {
        var index = NewTwinIndex();
        Assert.Equal(Result.Created, (await Client.IndexAsync(HeldByA, r => r.Index(index).Id("k").OpType(OpType.Create).Refresh(Refresh.True), Cancel)).Result);

        var change = new LockChange { Owner = "B", Nonce = "n2" };
        var merged = await Client.UpdateAsync<LockDocument, LockChange>(index, "k", u => u.Doc(change), Cancel);
        Assert.True(merged.IsValidResponse, merged.DebugInformation);
        Assert.Equal(200, StatusOf(merged));
        Assert.Equal(Result.Updated, merged.Result);
        Assert.Equal(2, merged.Version);
        Assert.Equal(1, merged.SeqNo);

        var noop = await Client.UpdateAsync<LockDocument, LockChange>(index, "k", u => u.Doc(change).DetectNoop(true), Cancel);
        Assert.True(noop.IsValidResponse, noop.DebugInformation);
        Assert.Equal(Result.NoOp, noop.Result);
        Assert.Equal(2, noop.Version);
        Assert.Equal(1, noop.SeqNo);
        Assert.Equal(0, noop.Shards.Total);

        var forced = await Client.UpdateAsync<LockDocument, LockChange>(index, "k", u => u.Doc(change).DetectNoop(false), Cancel);
        Assert.Equal(Result.Updated, forced.Result);
        Assert.Equal(3, forced.Version);

        var upserted = await Client.UpdateAsync<LockDocument, LockChange>(index, "new", u => u.Doc(change).DocAsUpsert(true), Cancel);
        Assert.True(upserted.IsValidResponse, upserted.DebugInformation);
        Assert.Equal(201, StatusOf(upserted));
        Assert.Equal(Result.Created, upserted.Result);
        Assert.Equal(1, upserted.Version);

        var missing = await Client.UpdateAsync<LockDocument, LockChange>(index, "absent", u => u.Doc(change), Cancel);
        Assert.False(missing.IsValidResponse);
        Assert.Equal(404, StatusOf(missing));
        Assert.Equal("document_missing_exception", missing.ElasticsearchServerError?.Error?.Type);
        Assert.Equal("[absent]: document missing", missing.ElasticsearchServerError?.Error?.Reason);

        var stored = await Client.GetAsync<LockDocument>(index, "k", Cancel);
        Assert.Equal(HeldByA with { Owner = "B", Nonce = "n2" }, stored.Source);

        await AssertRawReplayAgreesAsync();
    }

    [Fact]
    public async Task Update_with_compare_and_set_conflicts_when_stale()
    {
        var index = NewTwinIndex();
        var created = await Client.IndexAsync(HeldByA, r => r.Index(index).Id("k").OpType(OpType.Create), Cancel);

        var applied = await Client.UpdateAsync<LockDocument, LockChange>(index, "k", u => u.Doc(new LockChange { Owner = "B" }).IfSeqNo(created.SeqNo!.Value).IfPrimaryTerm(created.PrimaryTerm!.Value), Cancel);
        Assert.Equal(Result.Updated, applied.Result);

        var stale = await Client.UpdateAsync<LockDocument, LockChange>(index, "k", u => u.Doc(new LockChange { Owner = "C" }).IfSeqNo(created.SeqNo!.Value).IfPrimaryTerm(created.PrimaryTerm!.Value), Cancel);
        Assert.Equal(409, StatusOf(stale));
        Assert.Equal("version_conflict_engine_exception", stale.ElasticsearchServerError?.Error?.Type);

        var withUpsert = await Client.UpdateAsync<LockDocument, LockChange>(index, "k", u => u.Doc(new LockChange { Owner = "C" }).DocAsUpsert(true).IfSeqNo(1).IfPrimaryTerm(1), Cancel);
        Assert.Equal(400, StatusOf(withUpsert));
        Assert.Equal("action_request_validation_exception", withUpsert.ElasticsearchServerError?.Error?.Type);

        await AssertRawReplayAgreesAsync();
    }

    [Fact]
    public async Task Multi_get_returns_found_missing_and_per_item_errors()
    {
        var index = NewTwinIndex();
        var missingIndex = NewTwinIndex("missing");
        Assert.Equal(Result.Created, (await Client.IndexAsync(HeldByA, r => r.Index(index).Id("a"), Cancel)).Result);

        var byIds = await Client.MultiGetAsync<LockDocument>(r => r.Index(index).Ids(new Ids(["a", "b"])), Cancel);
        Assert.True(byIds.IsValidResponse, byIds.DebugInformation);
        Assert.Equal(200, StatusOf(byIds));
        var docs = byIds.Docs.ToList();
        Assert.Equal(2, docs.Count);
        var a = docs[0].Value1;
        Assert.NotNull(a);
        Assert.True(a.Found);
        Assert.Equal(HeldByA, a.Source);
        Assert.Equal(0, a.SeqNo);
        Assert.Equal(1, a.PrimaryTerm);
        Assert.False(docs[1].Value1?.Found);

        var mixed = await Client.MultiGetAsync<LockDocument>(new MultiGetRequest
        {
            Docs = [new MultiGetOperation("a") { Index = index }, new MultiGetOperation("a") { Index = missingIndex }],
        }, Cancel);
        Assert.True(mixed.IsValidResponse, mixed.DebugInformation);
        var items = mixed.Docs.ToList();
        Assert.True(items[0].Value1?.Found);
        MultiGetError? error = items[1].Value2;
        Assert.NotNull(error);
        Assert.Equal("index_not_found_exception", error.Error.Type);
        Assert.Equal(missingIndex, error.Index);

        await AssertRawReplayAgreesAsync();
    }

    [Fact]
    public async Task Bulk_creates_and_compare_and_sets_with_per_item_conflicts()
    {
        var index = NewTwinIndex();
        var first = await Client.BulkAsync(b => b
            .Index(index)
            .Create(HeldByA, c => c.Id("a"))
            .Create(HeldByA with { Owner = "B" }, c => c.Id("b")), Cancel);
        Assert.True(first.IsValidResponse, first.DebugInformation);
        Assert.False(first.Errors);
        Assert.All(first.Items, item => Assert.Equal(201, item.Status));
        Assert.Contains("x-ndjson", Wire.Last.RequestHeader("Content-Type"), StringComparison.Ordinal);
        Assert.Equal("gzip", Wire.Last.RequestHeader("Content-Encoding"));

        var second = await Client.BulkAsync(b => b
            .Index(index)
            .Index(HeldByA with { Token = 2 }, i => i.Id("a").IfSequenceNumber(0).IfPrimaryTerm(1))
            .Index(HeldByA with { Token = 2 }, i => i.Id("b").IfSequenceNumber(0).IfPrimaryTerm(1))
            .Create(HeldByA, c => c.Id("a")), Cancel);

        // Conflicts are per item; the request itself is a 200 with errors:true, which the client reports as invalid.
        Assert.Equal(200, StatusOf(second));
        Assert.False(second.IsValidResponse);
        Assert.True(second.Errors);
        Assert.Equal([200, 409, 409], second.Items.Select(item => item.Status).ToArray());
        Assert.Equal("version_conflict_engine_exception", second.Items.ElementAt(1).Error?.Type);
        Assert.Equal(2, second.Items.ElementAt(0).SeqNo);

        await AssertRawReplayAgreesAsync();
    }
}
