using System.Text.Json;
using Coordination.ElasticsearchEmulator.Engine;
using Coordination.ElasticsearchEmulator.Errors;
using Coordination.ElasticsearchEmulator.Http;
using Coordination.ElasticsearchEmulator.Search;

namespace Coordination.ElasticsearchEmulator.Handlers;

/// <summary>
/// POST /_bulk: NDJSON action/source pairs. Items run in order; each failure (409, 404, ...) is reported in its
/// item and the HTTP status stays 200. Malformed lines and item validation errors fail the whole request (400).
/// </summary>
internal sealed class BulkHandler
{
    private static readonly HashSet<string> ItemParameters =
    [
        "_index", "_id", "routing", "if_seq_no", "if_primary_term", "version", "version_type", "retry_on_conflict",
        "pipeline", "require_alias", "require_data_stream", "dynamic_templates", "op_type", "_source", "list_executed_pipelines",
    ];

    private readonly DocumentService _documents;
    private readonly TimeProvider _clock;

    public BulkHandler(DocumentService documents, TimeProvider clock)
    {
        _documents = documents;
        _clock = clock;
    }

    private sealed record BulkItem(string Action, DocWriteRequest Request);

    public async Task<EsResponse> HandleAsync(EsRequest request)
    {
        var started = _clock.GetTimestamp();
        var p = request.Parameters;
        var defaultIndex = p.Get("index");
        var routing = p.Get("routing");
        var timeout = p.GetTime("timeout", TimeSpan.FromMinutes(1)) ?? Timeout.InfiniteTimeSpan;
        var refresh = RefreshPolicies.Parse(p.Get("refresh"));
        var waitForActiveShards = DocWriteRequest.ParseActiveShardCount(p.Get("wait_for_active_shards"));
        var pipeline = p.Get("pipeline");
        var requireAlias = p.GetBool("require_alias", false);
        p.GetBool("require_data_stream", false);
        p.GetBool("list_executed_pipelines", false);
        p.GetBool("include_source_on_error", true);
        var fetchSource = SourceFilter.FromParameters(p);
        p.Get("type");
        if (!request.HasBody)
        {
            throw JsonBody.RequestBodyRequired();
        }

        var items = Parse(request.Body, defaultIndex, routing, timeout, waitForActiveShards, pipeline, requireAlias, fetchSource);
        p.EnsureAllConsumed(request.Path);

        var errors = new List<string>();
        if (items.Count == 0)
        {
            errors.Add("no requests added");
        }

        foreach (var item in items)
        {
            if (item.Request.IndexName.Length == 0)
            {
                errors.Add("index is missing");
            }

            errors.AddRange(item.Request.Validate());
        }

        DocumentHandlers.ThrowIfInvalid(errors);

        var results = new List<(string Action, WriteResult? Result, EsException? Failure, DocWriteRequest Request)>(items.Count);
        foreach (var item in items)
        {
            try
            {
                WriteResult result = item.Request switch
                {
                    IndexDocRequest index => await _documents.IndexAsync(index, request.Aborted).ConfigureAwait(false),
                    DeleteDocRequest delete => await _documents.DeleteAsync(delete, request.Aborted).ConfigureAwait(false),
                    UpdateDocRequest update => await _documents.UpdateAsync(update, request.Aborted).ConfigureAwait(false),
                    _ => throw new System.Diagnostics.UnreachableException(),
                };
                results.Add((item.Action, result, null, item.Request));
            }
            catch (EsException failure)
            {
                results.Add((item.Action, null, failure, item.Request));
            }
        }

        await RefreshTouchedShardsAsync(results.Where(r => r.Result is { IsNoop: false }).Select(r => r.Result!).ToList(), refresh, request.Aborted).ConfigureAwait(false);
        var tookMillis = (long)_clock.GetElapsedTime(started).TotalMilliseconds;
        return new EsResponse(200, JsonOutput.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteBoolean("errors", results.Any(r => r.Failure is not null));
            writer.WriteNumber("took", tookMillis);
            writer.WriteStartArray("items");
            foreach (var (action, result, failure, itemRequest) in results)
            {
                writer.WriteStartObject();
                writer.WriteStartObject(action);
                if (result is not null)
                {
                    result.WriteFields(writer);
                    writer.WriteNumber("status", result.Status);
                }
                else
                {
                    writer.WriteString("_index", itemRequest.IndexName);
                    writer.WriteString("_id", itemRequest.Id);
                    writer.WriteNumber("status", failure!.Status);
                    writer.WritePropertyName("error");
                    ErrorEnvelope.WriteThrowable(writer, failure);
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }));
    }

    private static async Task RefreshTouchedShardsAsync(List<WriteResult> results, RefreshPolicy refresh, CancellationToken cancellationToken)
    {
        if (refresh == RefreshPolicy.None || results.Count == 0)
        {
            return;
        }

        var shards = new Dictionary<Shard, long>();
        foreach (var result in results)
        {
            var shard = result.Index.ShardFor(result.Document.Id, result.Document.Routing);
            shards[shard] = Math.Max(shards.GetValueOrDefault(shard, -1), result.Document.SeqNo);
        }

        var forced = false;
        foreach (var (shard, seqNo) in shards)
        {
            if (refresh == RefreshPolicy.Immediate)
            {
                shard.Refresh();
                forced = true;
            }
            else
            {
                forced |= await shard.WaitForRefreshAsync(seqNo, cancellationToken).ConfigureAwait(false);
            }
        }

        if (forced)
        {
            results.ForEach(r => r.ForcedRefresh = true);
        }
    }

    private static List<BulkItem> Parse(
        ReadOnlyMemory<byte> body,
        string? defaultIndex,
        string? defaultRouting,
        TimeSpan timeout,
        int? waitForActiveShards,
        string? defaultPipeline,
        bool defaultRequireAlias,
        SourceFilter? defaultFetchSource)
    {
        var items = new List<BulkItem>();
        var span = body.Span;
        if (span[^1] != (byte)'\n')
        {
            throw EsErrors.IllegalArgument("The bulk request must be terminated by a newline [\\n]");
        }

        var lines = new List<ReadOnlyMemory<byte>>();
        var start = 0;
        for (var i = 0; i < span.Length; i++)
        {
            if (span[i] == (byte)'\n')
            {
                var line = body[start..i];
                if (!IsBlank(line.Span))
                {
                    lines.Add(line);
                }

                start = i + 1;
            }
        }

        for (var n = 0; n < lines.Count; n++)
        {
            var lineNumber = n + 1;
            JsonElement action;
            try
            {
                action = JsonBody.ReadValue(lines[n]);
            }
            catch (EsException)
            {
                throw EsErrors.IllegalArgument($"Malformed action/metadata line [{lineNumber}], expected START_OBJECT or END_OBJECT but found [VALUE_STRING]");
            }

            if (action.ValueKind != JsonValueKind.Object)
            {
                throw EsErrors.IllegalArgument($"Malformed action/metadata line [{lineNumber}], expected START_OBJECT or END_OBJECT but found [{JsonBody.TokenName(action.ValueKind)}]");
            }

            var properties = action.EnumerateObject().ToList();
            if (properties.Count != 1 || properties[0].Value.ValueKind != JsonValueKind.Object)
            {
                throw EsErrors.IllegalArgument($"Malformed action/metadata line [{lineNumber}], expected a simple value for field [{(properties.Count > 0 ? properties[0].Name : string.Empty)}] but found [START_OBJECT]");
            }

            var actionName = properties[0].Name;
            if (actionName is not ("index" or "create" or "delete" or "update"))
            {
                throw EsErrors.IllegalArgument($"Malformed action/metadata line [{lineNumber}], expected field [create], [delete], [index] or [update] but found [{actionName}]");
            }

            var meta = properties[0].Value;
            foreach (var property in meta.EnumerateObject())
            {
                if (!ItemParameters.Contains(property.Name))
                {
                    throw EsErrors.IllegalArgument($"Action/metadata line [{lineNumber}] contains an unknown parameter [{property.Name}]");
                }
            }

            string? Text(string name) => meta.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null
                ? (v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText())
                : null;

            long Long(string name, long defaultValue)
            {
                var text = Text(name);
                if (text is null)
                {
                    return defaultValue;
                }

                return JavaNumbers.TryParseLong(text, out var value)
                    ? value
                    : throw EsErrors.IllegalArgument($"Failed to parse long parameter [{name}] with value [{text}]", EsErrors.NumberFormat(text));
            }

            var indexName = Text("_index") ?? defaultIndex ?? string.Empty;
            DocWriteRequest item;
            ReadOnlyMemory<byte> source = default;
            if (actionName != "delete")
            {
                if (n + 1 >= lines.Count)
                {
                    throw EsErrors.IllegalArgument("The bulk request must be terminated by a newline [\\n]");
                }

                source = lines[++n];
            }

            switch (actionName)
            {
                case "index":
                case "create":
                    var index = new IndexDocRequest { IndexName = indexName, Source = source.ToArray() };
                    item = index;
                    index.Pipeline = Text("pipeline") ?? defaultPipeline;
                    if (actionName == "create")
                    {
                        index.IsCreate = true;
                    }
                    else if (Text("op_type") is { } opType)
                    {
                        index.SetOpType(opType);
                    }

                    break;
                case "delete":
                    item = new DeleteDocRequest { IndexName = indexName };
                    break;
                default:
                    var update = new UpdateDocRequest { IndexName = indexName };
                    item = update;
                    update.RetryOnConflict = (int)Long("retry_on_conflict", 0);
                    update.FetchSource = meta.TryGetProperty("_source", out var fetch) ? SourceFilter.FromJson(fetch) : defaultFetchSource;
                    DocumentHandlers.ParseUpdateBody(source, update);
                    break;
            }

            item.Id = Text("_id");
            item.Routing = Text("routing") ?? defaultRouting;
            item.Timeout = timeout;
            item.WaitForActiveShards = waitForActiveShards;
            item.Version = Long("version", Versions.MatchAny);
            item.VersionType = VersionTypes.Parse(Text("version_type"), VersionType.Internal);
            item.SetIfSeqNo(Long("if_seq_no", Versions.UnassignedSeqNo));
            item.SetIfPrimaryTerm(Long("if_primary_term", Versions.UnassignedPrimaryTerm));
            item.RequireAlias = Text("require_alias") is { } ra ? RequestParameters.ParseBoolean(ra) : defaultRequireAlias;
            items.Add(new BulkItem(actionName, item));
        }

        return items;
    }

    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (var b in line)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
            {
                return false;
            }
        }

        return true;
    }
}
