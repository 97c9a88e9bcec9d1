using System.Text.Json;
using Coordination.ElasticsearchEmulator.Engine;
using Coordination.ElasticsearchEmulator.Errors;
using Coordination.ElasticsearchEmulator.Http;
using Coordination.ElasticsearchEmulator.Search;

namespace Coordination.ElasticsearchEmulator.Handlers;

/// <summary>GET|POST /{index}/_search and /{index}/_count over the near-real-time (refreshed) view.</summary>
internal sealed class SearchHandler
{
    private readonly Cluster _cluster;
    private readonly SearchExecutor _executor;

    public SearchHandler(Cluster cluster)
    {
        _cluster = cluster;
        _executor = new SearchExecutor(cluster.Clock, cluster.NodeId);
    }

    private static (bool IgnoreUnavailable, bool AllowNoIndices, bool IncludeHidden) IndicesOptions(RequestParameters p)
    {
        var ignoreUnavailable = p.GetBool("ignore_unavailable", false);
        var allowNoIndices = p.GetBool("allow_no_indices", true);
        var expand = p.Get("expand_wildcards") ?? "open";
        var includeHidden = expand.Split(',').Any(e => e is "all" or "hidden");
        p.GetBool("ignore_throttled", false);
        return (ignoreUnavailable, allowNoIndices, includeHidden);
    }

    public Task<EsResponse> SearchAsync(EsRequest request)
    {
        var started = _cluster.Clock.GetTimestamp();
        var p = request.Parameters;
        var expression = p.Get("index");
        var restTotalHitsAsInt = p.GetBool("rest_total_hits_as_int", false);
        p.GetBool("typed_keys", false);
        var (ignoreUnavailable, allowNoIndices, includeHidden) = IndicesOptions(p);
        foreach (var name in new[]
                 {
                     "preference", "routing", "request_cache", "search_type", "batched_reduce_size", "pre_filter_shard_size",
                     "max_concurrent_shard_requests", "allow_partial_search_results", "ccs_minimize_roundtrips",
                     "include_named_queries_score", "force_synthetic_source", "search_pipeline", "suggest_field",
                     "suggest_text", "suggest_size", "suggest_mode",
                 })
        {
            p.Get(name);
        }

        if (p.Get("scroll") is not null)
        {
            throw EsErrors.IllegalArgument("scroll searches are not supported by the Elasticsearch emulator; use search_after");
        }

        var spec = SearchRequestParser.ParseBody(request.Body);
        SearchRequestParser.ApplyParameters(spec, p);
        spec.RestTotalHitsAsInt = restTotalHitsAsInt;
        p.EnsureAllConsumed(request.Path);

        if (restTotalHitsAsInt)
        {
            if (!spec.TrackTotalHitsSet)
            {
                spec.TrackTotalHitsUpTo = int.MaxValue;
            }
            else if (spec.TrackTotalHitsUpTo is { } upTo && upTo != int.MaxValue)
            {
                throw EsErrors.IllegalArgument($"[rest_total_hits_as_int] cannot be used if the tracking of total hits is not accurate, got {upTo}");
            }
        }

        if (spec.SearchAfter is not null && spec.From > 0)
        {
            throw EsErrors.Validation("`from` parameter must be set to 0 when `search_after` is used.");
        }

        var targets = _cluster.ResolveMany(expression, ignoreUnavailable, allowNoIndices, includeHidden);
        var window = targets.Count == 0 ? int.MaxValue : targets.Min(t => t.Index.Settings.MaxResultWindow);
        if ((long)spec.From + spec.Size > window)
        {
            var tooLarge = EsErrors.IllegalArgument($"Result window is too large, from + size must be less than or equal to: [{window}] but was [{(long)spec.From + spec.Size}]. See the scroll api for a more efficient way to request large data sets. This limit can be set by changing the [index.max_result_window] index level setting.");
            throw _executor.AllShardsFailed([.. targets.SelectMany(t => t.Index.Shards.Select(s => new ShardFailureInfo { Index = t.Index, ShardId = s.ShardId, Reason = tooLarge }))]);
        }

        var outcome = _executor.Execute(spec, targets, collectHits: true);
        var took = (long)_cluster.Clock.GetElapsedTime(started).TotalMilliseconds;
        return Task.FromResult(new EsResponse(200, JsonOutput.Write(writer => WriteSearchResponse(writer, spec, outcome, took))));
    }

    private void WriteSearchResponse(Utf8JsonWriter writer, SearchSpec spec, SearchOutcome outcome, long took)
    {
        writer.WriteStartObject();
        writer.WriteNumber("took", took);
        writer.WriteBoolean("timed_out", false);
        if (outcome.TerminatedEarly)
        {
            writer.WriteBoolean("terminated_early", true);
        }

        WriteShards(writer, outcome);
        writer.WriteStartObject("hits");
        var total = outcome.TotalMatched;
        if (spec.RestTotalHitsAsInt)
        {
            writer.WriteNumber("total", spec.TrackTotalHitsUpTo is null ? -1 : total);
        }
        else if (spec.TrackTotalHitsUpTo is { } upTo)
        {
            writer.WriteStartObject("total");
            writer.WriteNumber("value", Math.Min(total, upTo));
            writer.WriteString("relation", total > upTo ? "gte" : "eq");
            writer.WriteEndObject();
        }

        writer.WritePropertyName("max_score");
        if (outcome.MaxScore is { } maxScore)
        {
            JsonOutput.WriteJavaFloatValue(writer, maxScore);
        }
        else
        {
            writer.WriteNullValue();
        }

        writer.WriteStartArray("hits");
        var scored = spec.SortsByScore || spec.TrackScores;
        foreach (var hit in outcome.Page)
        {
            WriteHit(writer, spec, hit, scored);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteHit(Utf8JsonWriter writer, SearchSpec spec, SearchHit hit, bool scored)
    {
        var document = hit.Document;
        writer.WriteStartObject();
        writer.WriteString("_index", hit.Index.Name);
        writer.WriteString("_id", document.Id);
        if (spec.Version)
        {
            writer.WriteNumber("_version", document.Version);
        }

        if (spec.SeqNoPrimaryTerm)
        {
            writer.WriteNumber("_seq_no", document.SeqNo);
            writer.WriteNumber("_primary_term", document.PrimaryTerm);
        }

        writer.WritePropertyName("_score");
        if (scored)
        {
            JsonOutput.WriteJavaFloatValue(writer, hit.Score);
        }
        else
        {
            writer.WriteNullValue();
        }

        if (document.Routing is not null)
        {
            writer.WriteString("_routing", document.Routing);
        }

        if (spec.Source.Fetch)
        {
            writer.WritePropertyName("_source");
            spec.Source.WriteFiltered(writer, document.Source!, document.SourceElement);
        }

        if (spec.Sort is not null)
        {
            writer.WriteStartArray("sort");
            foreach (var value in hit.SortValues)
            {
                switch (value.Printed)
                {
                    case null:
                        writer.WriteNullValue();
                        break;
                    case string s:
                        writer.WriteStringValue(s);
                        break;
                    case long l:
                        writer.WriteNumberValue(l);
                        break;
                    case int i:
                        writer.WriteNumberValue(i);
                        break;
                    case double d:
                        JsonOutput.WriteJavaDoubleValue(writer, d);
                        break;
                    default:
                        writer.WriteStringValue(value.Printed.ToString());
                        break;
                }
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private void WriteShards(Utf8JsonWriter writer, SearchOutcome outcome)
    {
        writer.WriteStartObject("_shards");
        writer.WriteNumber("total", outcome.TotalShards);
        writer.WriteNumber("successful", outcome.TotalShards - outcome.Failures.Count);
        writer.WriteNumber("skipped", 0);
        writer.WriteNumber("failed", outcome.Failures.Count);
        if (outcome.Failures.Count > 0)
        {
            writer.WriteStartArray("failures");
            foreach (var failure in outcome.Failures)
            {
                _executor.WriteFailure(writer, failure);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    public Task<EsResponse> CountAsync(EsRequest request)
    {
        var p = request.Parameters;
        var expression = p.Get("index");
        var (ignoreUnavailable, allowNoIndices, includeHidden) = IndicesOptions(p);
        foreach (var name in new[] { "preference", "routing", "df", "analyzer", "analyze_wildcard", "lenient", "default_operator" })
        {
            p.Get(name);
        }

        if (p.Get("q") is not null)
        {
            throw EsErrors.IllegalArgument("the [q] parameter (query string syntax) is not supported by the Elasticsearch emulator; send a query in the body");
        }

        var spec = new SearchSpec { Size = 0 };
        if (p.Get("min_score") is { } minScore)
        {
            spec.MinScore = double.TryParse(minScore, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw EsErrors.IllegalArgument($"Failed to parse float parameter [min_score] with value [{minScore}]", EsErrors.NumberFormat(minScore));
        }

        if (p.Get("terminate_after") is not null)
        {
            spec.TerminateAfter = p.GetInt("terminate_after", 0);
        }

        if (request.HasBody)
        {
            var root = LocatedJson.Parse(request.Body);
            foreach (var property in root.Properties)
            {
                if (property.Name != "query")
                {
                    throw EsErrors.ParsingException(JsonLocation.Of(request.Body.Span, property.NameOffset), $"request does not support [{property.Name}]");
                }

                spec.Query = new QueryParser(request.Body).Parse(property.Value);
            }
        }

        p.EnsureAllConsumed(request.Path);
        var targets = _cluster.ResolveMany(expression, ignoreUnavailable, allowNoIndices, includeHidden);
        var outcome = _executor.Execute(spec, targets, collectHits: false);
        return Task.FromResult(new EsResponse(200, JsonOutput.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("count", outcome.TotalMatched);
            WriteShards(writer, outcome);
            writer.WriteEndObject();
        })));
    }
}
