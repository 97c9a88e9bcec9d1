using System.Text.Json;
using Coordination.ElasticsearchEmulator.Engine;
using Coordination.ElasticsearchEmulator.Errors;
using Coordination.ElasticsearchEmulator.Http;
using Coordination.ElasticsearchEmulator.Search;

namespace Coordination.ElasticsearchEmulator.Handlers;

internal enum IndexRoute
{
    /// <summary>PUT|POST /{index}/_doc/{id}</summary>
    WithId,

    /// <summary>POST /{index}/_doc (generated id, op_type create unless told otherwise)</summary>
    AutoId,

    /// <summary>PUT|POST /{index}/_create/{id}</summary>
    Create,
}

/// <summary>
/// The single-document REST handlers (index, create, get, _source, delete, update). Parameters are read in the
/// order Elasticsearch's Rest*Action classes read them, so the first bad parameter reported is the same one.
/// </summary>
internal sealed class DocumentHandlers
{
    private readonly Cluster _cluster;
    private readonly DocumentService _documents;

    public DocumentHandlers(Cluster cluster, DocumentService documents)
    {
        _cluster = cluster;
        _documents = documents;
    }

    public async Task<EsResponse> IndexAsync(EsRequest request, IndexRoute route)
    {
        var p = request.Parameters;
        if (route == IndexRoute.Create && p.All.TryGetValue("op_type", out var givenOpType) && !string.Equals(givenOpType.ToLowerInvariant(), "create", StringComparison.Ordinal))
        {
            throw EsErrors.IllegalArgument($"opType must be 'create', found: [{givenOpType}]");
        }

        if (!request.HasBody)
        {
            throw JsonBody.RequestBodyRequired();
        }

        var index = new IndexDocRequest { IndexName = p.Get("index")!, Source = request.Body.ToArray() };
        index.Id = p.Get("id");
        index.Routing = p.Get("routing");
        index.Pipeline = p.Get("pipeline");
        index.Timeout = p.GetTime("timeout", TimeSpan.FromMinutes(1)) ?? Timeout.InfiniteTimeSpan;
        index.Refresh = RefreshPolicies.Parse(p.Get("refresh"));
        index.Version = p.GetLong("version", Versions.MatchAny);
        index.VersionType = VersionTypes.Parse(p.Get("version_type"), VersionType.Internal);
        index.SetIfSeqNo(p.GetLong("if_seq_no", Versions.UnassignedSeqNo));
        index.SetIfPrimaryTerm(p.GetLong("if_primary_term", Versions.UnassignedPrimaryTerm));
        index.RequireAlias = p.GetBool("require_alias", false);
        p.GetBool("require_data_stream", false);
        p.GetBool("include_source_on_error", true);
        var opType = route == IndexRoute.Create ? "create" : p.Get("op_type") ?? (route == IndexRoute.AutoId ? "create" : null);
        index.WaitForActiveShards = DocWriteRequest.ParseActiveShardCount(p.Get("wait_for_active_shards"));
        if (opType is not null)
        {
            index.SetOpType(opType);
        }

        p.EnsureAllConsumed(request.Path);
        ThrowIfInvalid(index.Validate());
        var result = await _documents.IndexAsync(index, request.Aborted).ConfigureAwait(false);
        return result.ToResponse();
    }

    public Task<EsResponse> GetAsync(EsRequest request, bool sourceOnly)
    {
        var p = request.Parameters;
        var indexName = p.Get("index")!;
        var id = p.Get("id")!;
        var refresh = p.GetBool("refresh", false);
        var routing = p.Get("routing");
        p.Get("preference");
        var realtime = p.GetBool("realtime", true);
        string[]? storedFields = null;
        if (!sourceOnly)
        {
            if (p.Get("fields") is not null)
            {
                throw EsErrors.IllegalArgument("the parameter [fields] is no longer supported, please use [stored_fields] to retrieve stored fields or [_source] to load the field from _source");
            }

            storedFields = p.Get("stored_fields")?.Split(',', StringSplitOptions.RemoveEmptyEntries);
        }

        var version = p.GetLong("version", Versions.MatchAny);
        var versionType = VersionTypes.Parse(p.Get("version_type"), VersionType.Internal);
        var filter = SourceFilter.FromParameters(p);
        p.EnsureAllConsumed(request.Path);

        if (sourceOnly && filter is { Fetch: false })
        {
            throw EsErrors.Validation("fetching source can not be disabled");
        }

        if (!VersionTypes.ValidateForReads(versionType, version))
        {
            throw EsErrors.Validation($"illegal version value [{version}] for version type [{VersionTypes.Name(versionType)}]");
        }

        EmulatedIndex index;
        try
        {
            index = _cluster.ResolveForRead(indexName, isWrite: false);
        }
        catch (EsException) when (request.IsHead)
        {
            return Task.FromResult(EsResponse.Empty(404));
        }

        var shard = index.ShardFor(id, routing);
        if (refresh)
        {
            shard.Refresh();
        }

        var document = realtime ? shard.GetLive(id) : shard.GetSearchable(id);
        if (document is not null && VersionTypes.IsConflictForReads(versionType, document.Version, version))
        {
            throw shard.Conflict(id, VersionTypes.ExplainConflictForReads(versionType, document.Version, version));
        }

        if (request.IsHead)
        {
            return Task.FromResult(EsResponse.Empty(document is null ? 404 : 200));
        }

        if (sourceOnly)
        {
            if (document is null)
            {
                throw EsErrors.ResourceNotFound($"Document not found [{index.Name}]/[{id}]");
            }

            var raw = filter is null || filter.IsIdentity
                ? document.Source!
                : JsonOutput.Write(writer => filter.WriteFiltered(writer, document.Source!, document.SourceElement));
            return Task.FromResult(new EsResponse(200, raw));
        }

        if (document is null)
        {
            return Task.FromResult(new EsResponse(404, JsonOutput.Write(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("_index", index.Name);
                writer.WriteString("_id", id);
                writer.WriteBoolean("found", false);
                writer.WriteEndObject();
            })));
        }

        return Task.FromResult(new EsResponse(200, JsonOutput.Write(writer =>
        {
            writer.WriteStartObject();
            WriteFoundFields(writer, index.Name, id, document, filter, storedFields);
            writer.WriteEndObject();
        })));
    }

    /// <summary>The fields of a found get result, shared by GET and each _mget item.</summary>
    public static void WriteFoundFields(Utf8JsonWriter writer, string index, string id, StoredDocument document, SourceFilter? filter, string[]? storedFields)
    {
        writer.WriteString("_index", index);
        writer.WriteString("_id", id);
        writer.WriteNumber("_version", document.Version);
        writer.WriteNumber("_seq_no", document.SeqNo);
        writer.WriteNumber("_primary_term", document.PrimaryTerm);
        if (document.Routing is not null)
        {
            writer.WriteString("_routing", document.Routing);
        }

        writer.WriteBoolean("found", true);
        if ((filter?.Fetch ?? true) && (storedFields is null || storedFields.Contains("_source")))
        {
            writer.WritePropertyName("_source");
            (filter ?? SourceFilter.FetchAll).WriteFiltered(writer, document.Source!, document.SourceElement);
        }
    }

    public async Task<EsResponse> DeleteAsync(EsRequest request)
    {
        var p = request.Parameters;
        var delete = new DeleteDocRequest { IndexName = p.Get("index")!, Id = p.Get("id") };
        delete.Routing = p.Get("routing");
        delete.Timeout = p.GetTime("timeout", TimeSpan.FromMinutes(1)) ?? Timeout.InfiniteTimeSpan;
        delete.Refresh = RefreshPolicies.Parse(p.Get("refresh"));
        delete.Version = p.GetLong("version", Versions.MatchAny);
        delete.VersionType = VersionTypes.Parse(p.Get("version_type"), VersionType.Internal);
        delete.SetIfSeqNo(p.GetLong("if_seq_no", Versions.UnassignedSeqNo));
        delete.SetIfPrimaryTerm(p.GetLong("if_primary_term", Versions.UnassignedPrimaryTerm));
        delete.WaitForActiveShards = DocWriteRequest.ParseActiveShardCount(p.Get("wait_for_active_shards"));
        p.EnsureAllConsumed(request.Path);
        ThrowIfInvalid(delete.Validate());
        var result = await _documents.DeleteAsync(delete, request.Aborted).ConfigureAwait(false);
        return result.ToResponse();
    }

    public async Task<EsResponse> UpdateAsync(EsRequest request)
    {
        var p = request.Parameters;
        var update = new UpdateDocRequest { IndexName = p.Get("index")!, Id = p.Get("id") };
        update.Routing = p.Get("routing");
        update.Timeout = p.GetTime("timeout", TimeSpan.FromMinutes(1)) ?? Timeout.InfiniteTimeSpan;
        update.Refresh = RefreshPolicies.Parse(p.Get("refresh"));
        update.WaitForActiveShards = DocWriteRequest.ParseActiveShardCount(p.Get("wait_for_active_shards"));
        update.DocAsUpsert = p.GetBool("doc_as_upsert", false);
        update.FetchSource = SourceFilter.FromParameters(p);
        update.RetryOnConflict = p.GetInt("retry_on_conflict", 0);
        if (p.Has("version") || p.Has("version_type"))
        {
            throw EsErrors.Validation("internal versioning can not be used for optimistic concurrency control. Please use `if_seq_no` and `if_primary_term` instead");
        }

        update.SetIfSeqNo(p.GetLong("if_seq_no", Versions.UnassignedSeqNo));
        update.SetIfPrimaryTerm(p.GetLong("if_primary_term", Versions.UnassignedPrimaryTerm));
        update.RequireAlias = p.GetBool("require_alias", false);
        p.GetBool("include_source_on_error", true);
        if (request.HasBody)
        {
            ParseUpdateBody(request.Body, update);
        }

        p.EnsureAllConsumed(request.Path);
        ThrowIfInvalid(update.Validate());
        var result = await _documents.UpdateAsync(update, request.Aborted).ConfigureAwait(false);
        return result.ToResponse();
    }

    /// <summary>UpdateRequest.fromXContent, with its "[UpdateRequest] ..." errors.</summary>
    public static void ParseUpdateBody(ReadOnlyMemory<byte> body, UpdateDocRequest update)
    {
        var span = body.Span;
        const string name = "UpdateRequest";
        foreach (var field in JsonBody.ReadObject(body, name))
        {
            switch (field.Name)
            {
                case "doc":
                    update.Doc = field.Value.ValueKind == JsonValueKind.Object ? field.Value : throw JsonBody.FailedToParseField(span, field, name);
                    break;
                case "upsert":
                    update.Upsert = field.Value.ValueKind == JsonValueKind.Object ? field.Value : throw JsonBody.FailedToParseField(span, field, name);
                    break;
                case "doc_as_upsert":
                    update.DocAsUpsert = JsonBody.AsBool(field.Value) ?? throw JsonBody.FailedToParseField(span, field, name);
                    break;
                case "detect_noop":
                    update.DetectNoop = JsonBody.AsBool(field.Value) ?? throw JsonBody.FailedToParseField(span, field, name);
                    break;
                case "script":
                    update.HasScript = field.Value.ValueKind is JsonValueKind.Object or JsonValueKind.String
                        ? true
                        : throw JsonBody.FailedToParseField(span, field, name);
                    break;
                case "scripted_upsert":
                    update.ScriptedUpsert = JsonBody.AsBool(field.Value) ?? throw JsonBody.FailedToParseField(span, field, name);
                    break;
                case "_source":
                    update.FetchSource = SourceFilter.FromJson(field.Value) ?? throw JsonBody.FailedToParseField(span, field, name);
                    break;
                case "if_seq_no":
                    update.SetIfSeqNo(JsonBody.AsLong(field.Value) ?? throw JsonBody.FailedToParseField(span, field, name));
                    break;
                case "if_primary_term":
                    update.SetIfPrimaryTerm(JsonBody.AsLong(field.Value) ?? throw JsonBody.FailedToParseField(span, field, name));
                    break;
                default:
                    throw JsonBody.UnknownField(span, field, name);
            }
        }
    }

    public static void ThrowIfInvalid(List<string> errors)
    {
        if (errors.Count > 0)
        {
            throw EsErrors.Validation(errors);
        }
    }
}
