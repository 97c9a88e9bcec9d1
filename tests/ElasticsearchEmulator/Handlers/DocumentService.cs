using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coordination.ElasticsearchEmulator.Engine;
using Coordination.ElasticsearchEmulator.Errors;
using Coordination.ElasticsearchEmulator.Mapping;
using Coordination.ElasticsearchEmulator.Search;

namespace Coordination.ElasticsearchEmulator.Handlers;

/// <summary>
/// Executes validated document writes the way the transport layer does on a single node: resolve (and maybe
/// auto-create) the index, parse the document against the mapping, wait for active shards, apply on the primary,
/// then honour the refresh policy. Single-document handlers and _bulk share it.
/// </summary>
internal sealed class DocumentService
{
    private readonly Cluster _cluster;

    public DocumentService(Cluster cluster)
    {
        _cluster = cluster;
    }

    private TimeProvider Clock => _cluster.Clock;

    public async Task<WriteResult> IndexAsync(IndexDocRequest request, CancellationToken cancellationToken)
    {
        if (request.Pipeline is { } pipeline && pipeline != "_none")
        {
            throw EsErrors.IllegalArgument($"pipeline with id [{pipeline}] does not exist");
        }

        var index = _cluster.ResolveForWrite(request.IndexName, request.IsCreate, request.RequireAlias);
        request.Id ??= NewAutoId();
        var element = ParseAndMap(index, request.Source, request.Id);
        var shard = index.ShardFor(request.Id, request.Routing);
        await EnsureActiveShardsAsync(index, shard, request.WaitForActiveShards, request.Timeout, request.Describe(), cancellationToken).ConfigureAwait(false);

        var outcome = shard.IndexDocument(
            new IndexOperation(
                request.Id,
                request.Source,
                element,
                request.Routing,
                request.IsCreate,
                request.ResolvedVersion,
                request.VersionType,
                request.IfSeqNo,
                request.IfPrimaryTerm),
            Clock.GetUtcNow(),
            index.Settings.GcDeletes);
        if (outcome.Failure is { } failure)
        {
            throw failure;
        }

        return await AppliedAsync(
            index, shard, outcome, outcome.CreatedOrFound ? "created" : "updated", outcome.CreatedOrFound ? 201 : 200, request.Refresh, getSource: null, cancellationToken).ConfigureAwait(false);
    }

    public async Task<WriteResult> DeleteAsync(DeleteDocRequest request, CancellationToken cancellationToken)
    {
        var index = _cluster.ResolveForRead(request.IndexName, isWrite: true);
        var shard = index.ShardFor(request.Id!, request.Routing);
        await EnsureActiveShardsAsync(index, shard, request.WaitForActiveShards, request.Timeout, request.Describe(), cancellationToken).ConfigureAwait(false);
        var outcome = shard.DeleteDocument(
            new DeleteOperation(request.Id!, request.Routing, request.Version, request.VersionType, request.IfSeqNo, request.IfPrimaryTerm),
            Clock.GetUtcNow(),
            index.Settings.GcDeletes);
        if (outcome.Failure is { } failure)
        {
            throw failure;
        }

        return await AppliedAsync(
            index, shard, outcome, outcome.CreatedOrFound ? "deleted" : "not_found", outcome.CreatedOrFound ? 200 : 404, request.Refresh, getSource: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A realtime get, a merge, then an index operation that carries the seq_no and term it read as an implicit
    /// compare-and-set: a concurrent change in between makes it conflict (retried up to retry_on_conflict times).
    /// </summary>
    public async Task<WriteResult> UpdateAsync(UpdateDocRequest request, CancellationToken cancellationToken)
    {
        if (request.HasScript)
        {
            // The emulator has no scripting engine; refusing loudly beats silently ignoring the script.
            throw EsErrors.IllegalArgument("scripts are not supported by the Elasticsearch emulator: update with [doc], [upsert] or [doc_as_upsert] instead");
        }

        var index = _cluster.ResolveForWrite(request.IndexName, isCreateOp: false, request.RequireAlias);
        var id = request.Id!;
        var shard = index.ShardFor(id, request.Routing);
        await EnsureActiveShardsAsync(index, shard, request.WaitForActiveShards, request.Timeout, request.Describe(), cancellationToken).ConfigureAwait(false);
        var attempt = 0;
        while (true)
        {
            var current = shard.GetLive(id);
            WriteOutcome outcome;
            string resultName;
            if (current is null)
            {
                if (request.Upsert is null && !request.DocAsUpsert)
                {
                    throw EsErrors.DocumentMissing(index.Name, index.Uuid, shard.ShardId, id);
                }

                var upsertSource = Encoding.UTF8.GetBytes((request.DocAsUpsert ? request.Doc!.Value : request.Upsert!.Value).GetRawText());
                var element = ParseAndMap(index, upsertSource, id);
                outcome = shard.IndexDocument(
                    new IndexOperation(id, upsertSource, element, request.Routing, true, Versions.MatchDeleted, VersionType.Internal, Versions.UnassignedSeqNo, Versions.UnassignedPrimaryTerm),
                    Clock.GetUtcNow(),
                    index.Settings.GcDeletes);
                resultName = "created";
            }
            else
            {
                if (request.IfSeqNo != Versions.UnassignedSeqNo && (current.SeqNo != request.IfSeqNo || current.PrimaryTerm != request.IfPrimaryTerm))
                {
                    throw shard.Conflict(id, $"required seqNo [{request.IfSeqNo}], primary term [{request.IfPrimaryTerm}]. current document has seqNo [{current.SeqNo}] and primary term [{current.PrimaryTerm}]");
                }

                var merged = (JsonObject)JsonNode.Parse(current.Source)!;
                var changes = (JsonObject)JsonNode.Parse(request.Doc!.Value.GetRawText())!;
                var modified = SourceMerge.Merge(merged, changes, request.DetectNoop);
                if (request.DetectNoop && !modified)
                {
                    return new WriteResult { Index = index, Document = current, Result = "noop", Status = 200, GetSource = request.FetchSource };
                }

                var mergedSource = Encoding.UTF8.GetBytes(merged.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
                var element = ParseAndMap(index, mergedSource, id);
                outcome = shard.IndexDocument(
                    new IndexOperation(id, mergedSource, element, request.Routing, false, Versions.MatchAny, VersionType.Internal, current.SeqNo, current.PrimaryTerm),
                    Clock.GetUtcNow(),
                    index.Settings.GcDeletes);
                resultName = "updated";
            }

            if (outcome.Failure is { } failure)
            {
                if (failure.Status == 409 && attempt++ < request.RetryOnConflict)
                {
                    continue;
                }

                throw failure;
            }

            return await AppliedAsync(
                index, shard, outcome, resultName, resultName == "created" ? 201 : 200, request.Refresh, request.FetchSource, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Checks the source against the mapping (adding dynamic fields) and returns it parsed.</summary>
    public static JsonElement ParseAndMap(EmulatedIndex index, byte[] source, string id)
    {
        var fields = DocumentParser.Parse(source, index.Mappings.Snapshot, id);
        if (fields.Count > 0)
        {
            lock (index.Mappings.Gate)
            {
                // Another writer may have mapped the same fields meanwhile: parse again against the latest mapping.
                fields = DocumentParser.Parse(source, index.Mappings.Snapshot, id);
                if (fields.Count > 0)
                {
                    index.Mappings.ApplyDynamicLocked(fields);
                }
            }
        }

        var reader = new Utf8JsonReader(source, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        var element = JsonElement.ParseValue(ref reader);
        if (index.DataStream is not null && !element.TryGetProperty("@timestamp", out _))
        {
            throw EsErrors.DocumentParsing(JsonLocation.Of(source, source.Length - 1), "failed to parse: data stream timestamp field [@timestamp] is missing");
        }

        return element;
    }

    private async Task EnsureActiveShardsAsync(EmulatedIndex index, Shard shard, int? required, TimeSpan timeout, string description, CancellationToken cancellationToken)
    {
        var needed = required switch
        {
            null => 1,
            -1 => index.Settings.TotalCopies,
            _ => required.Value,
        };
        if (needed <= 1)
        {
            return;
        }

        // Only the primary can ever be active on one node: Elasticsearch waits out the timeout, then gives up.
        var delay = Task.Delay(timeout, Clock, cancellationToken);
        using (_cluster.EnterClockWait())
        {
            await delay.ConfigureAwait(false);
        }

        var label = required == -1 ? "ALL" : needed.ToString(System.Globalization.CultureInfo.InvariantCulture);
        throw new EsException(503, "unavailable_shards_exception",
            $"[{index.Name}][{shard.ShardId}] Not enough active copies to meet shard count of [{label}] (have 1, needed {needed}). Timeout: [{TimeValue.Format(timeout)}], request: [{description}]")
            .WithShard(index.Uuid, shard.ShardId, index.Name);
    }

    /// <summary>The answer to a write the shard applied, once the refresh the request asked for has happened.</summary>
    private static async Task<WriteResult> AppliedAsync(
        EmulatedIndex index, Shard shard, WriteOutcome outcome, string result, int status, RefreshPolicy refresh, SourceFilter? getSource, CancellationToken cancellationToken)
    {
        var document = outcome.Document!;
        return new WriteResult
        {
            Index = index,
            Document = document,
            Result = result,
            Status = status,
            GetSource = getSource,
            ForcedRefresh = await ApplyRefreshAsync(shard, document, refresh, cancellationToken).ConfigureAwait(false),
        };
    }

    private static async Task<bool> ApplyRefreshAsync(Shard shard, StoredDocument document, RefreshPolicy policy, CancellationToken cancellationToken)
    {
        switch (policy)
        {
            case RefreshPolicy.Immediate:
                shard.Refresh();
                return true;
            case RefreshPolicy.WaitUntil:
                return await shard.WaitForRefreshAsync(document.SeqNo, cancellationToken).ConfigureAwait(false);
            default:
                return false;
        }
    }

    /// <summary>A 20-character URL-safe id, the shape of Elasticsearch's auto-generated ids.</summary>
    public static string NewAutoId()
    {
        Span<byte> bytes = stackalloc byte[15];
        System.Security.Cryptography.RandomNumberGenerator.Fill(bytes);
        return Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_');
    }
}
