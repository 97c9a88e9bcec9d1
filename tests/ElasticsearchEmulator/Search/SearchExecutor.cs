using System.Text.Json;
using Coordination.ElasticsearchEmulator.Engine;
using Coordination.ElasticsearchEmulator.Errors;
using Coordination.ElasticsearchEmulator.Mapping;

namespace Coordination.ElasticsearchEmulator.Search;

/// <summary>A matching document with what the response and the ordering need.</summary>
internal sealed class SearchHit
{
    public required EmulatedIndex Index { get; init; }

    public required int IndexOrder { get; init; }

    public required int ShardId { get; init; }

    public required StoredDocument Document { get; init; }

    public required double Score { get; init; }

    public required SortValue[] SortValues { get; init; }
}

/// <summary>One sort value: the comparable key (null when missing) and what the "sort" array prints.</summary>
internal readonly record struct SortValue(IComparable? Key, object? Printed);

internal sealed class ShardFailureInfo
{
    public required EmulatedIndex Index { get; init; }

    public required int ShardId { get; init; }

    public required EsException Reason { get; init; }
}

internal sealed class SearchOutcome
{
    public required List<SearchHit> Page { get; init; }

    public required long TotalMatched { get; init; }

    public required int TotalShards { get; init; }

    public required List<ShardFailureInfo> Failures { get; init; }

    public double? MaxScore { get; init; }

    public bool TerminatedEarly { get; init; }
}

/// <summary>
/// Runs a search over the refreshed (searchable) view of each shard, then sorts, pages and counts like the query
/// and fetch phases would. Ties are broken by index order, shard and document order, as Elasticsearch merges them.
/// </summary>
internal sealed class SearchExecutor
{
    private readonly TimeProvider _clock;
    private readonly string _nodeId;

    public SearchExecutor(TimeProvider clock, string nodeId)
    {
        _clock = clock;
        _nodeId = nodeId;
    }

    public SearchOutcome Execute(SearchSpec spec, IReadOnlyList<ResolvedIndex> targets, bool collectHits)
    {
        var matches = new List<SearchHit>();
        var failures = new List<ShardFailureInfo>();
        var totalShards = 0;
        var terminatedEarly = false;
        var now = _clock.GetUtcNow();
        for (var order = 0; order < targets.Count; order++)
        {
            var (index, aliasFilter) = targets[order];
            totalShards += index.Shards.Length;
            var context = new IndexSearchContext(index, _clock);
            DocMatcher matcher;
            DocMatcher? postFilter;
            DocMatcher? filter;
            Func<StoredDocument, double, SortValue[]> sortValues;
            try
            {
                matcher = spec.Query.Compile(context);
                postFilter = spec.PostFilter?.Compile(context);
                filter = aliasFilter is null ? null : CompileAliasFilter(aliasFilter, context);
                sortValues = CompileSort(spec, context);
            }
            catch (ShardFailureException e)
            {
                foreach (var shard in index.Shards)
                {
                    failures.Add(new ShardFailureInfo { Index = index, ShardId = shard.ShardId, Reason = e.Failure });
                }

                continue;
            }

            foreach (var shard in index.Shards)
            {
                var matchedInShard = 0;
                foreach (var document in shard.SearchSnapshot(now, index.EffectiveSearchIdleAfter).OrderBy(d => d.SeqNo))
                {
                    if (matcher(document) is not { } score || (filter is not null && filter(document) is null) || (postFilter is not null && postFilter(document) is null))
                    {
                        continue;
                    }

                    if (spec.MinScore is { } min && score < min)
                    {
                        continue;
                    }

                    if (spec.TerminateAfter is { } limit && limit > 0 && matchedInShard >= limit)
                    {
                        terminatedEarly = true;
                        break;
                    }

                    matchedInShard++;
                    matches.Add(new SearchHit
                    {
                        Index = index,
                        IndexOrder = order,
                        ShardId = shard.ShardId,
                        Document = document,
                        Score = score,
                        SortValues = sortValues(document, score),
                    });
                }
            }
        }

        if (totalShards > 0 && failures.Count == totalShards)
        {
            throw AllShardsFailed(failures);
        }

        var comparer = new HitComparer(spec);
        matches.Sort(comparer);
        var total = matches.Count;
        IEnumerable<SearchHit> ordered = matches;
        if (spec.SearchAfter is { } after)
        {
            if (spec.Sort is null || spec.Sort.Count != after.Count)
            {
                throw EsErrors.IllegalArgument(spec.Sort is null
                    ? "Sort must contain at least one field."
                    : $"search_after has {after.Count} value(s) but sort has {spec.Sort.Count}.");
            }

            ordered = matches.Where(h => comparer.IsAfter(h, after));
        }

        var page = collectHits ? ordered.Skip(spec.From).Take(spec.Size).ToList() : [];
        double? maxScore = null;
        if (spec.Size > 0 && matches.Count > 0 && (spec.SortsByScore || spec.TrackScores))
        {
            maxScore = matches.Max(h => h.Score);
        }

        return new SearchOutcome
        {
            Page = page,
            TotalMatched = total,
            TotalShards = totalShards,
            Failures = failures,
            MaxScore = maxScore,
            TerminatedEarly = terminatedEarly,
        };
    }

    private static DocMatcher CompileAliasFilter(System.Text.Json.Nodes.JsonNode aliasFilter, IndexSearchContext context)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(aliasFilter.ToJsonString());
        return new QueryParser(bytes).Parse(LocatedJson.Parse(bytes)).Compile(context);
    }

    private static Func<StoredDocument, double, SortValue[]> CompileSort(SearchSpec spec, IndexSearchContext context)
    {
        if (spec.Sort is null)
        {
            return static (_, score) => [new SortValue(score, score)];
        }

        var extractors = new List<Func<StoredDocument, double, SortValue>>();
        foreach (var sort in spec.Sort)
        {
            extractors.Add(CompileSortField(sort, context));
        }

        return (document, score) =>
        {
            var values = new SortValue[extractors.Count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = extractors[i](document, score);
            }

            return values;
        };
    }

    private static Func<StoredDocument, double, SortValue> CompileSortField(SortSpec sort, IndexSearchContext context)
    {
        switch (sort.Field)
        {
            case "_score":
                return static (_, score) => new SortValue(score, score);
            case "_doc":
                return static (document, _) => new SortValue(document.SeqNo, (int)document.SeqNo);
            case "_seq_no":
                return static (document, _) => new SortValue(document.SeqNo, document.SeqNo);
            case "_index":
                var name = context.Index.Name;
                return (_, _) => new SortValue(name, name);
            case "_id":
                throw context.Failure("illegal_argument_exception",
                    "Fielddata access on the _id field is disallowed, you can re-enable it by updating the dynamic cluster setting: indices.id_field_data.enabled");
        }

        var field = context.Field(sort.Field);
        if (field is null)
        {
            if (sort.UnmappedType is null)
            {
                throw context.Failure("query_shard_exception", $"No mapping found for [{sort.Field}] in order to sort on");
            }

            var kind = FieldMapping.KindOf(sort.UnmappedType);
            var printedMissing = MissingPrinted(kind, sort.Descending);
            return (_, _) => new SortValue(null, printedMissing);
        }

        if (field.Kind == FieldKind.Text)
        {
            throw context.Failure("illegal_argument_exception",
                $"Text fields are not optimised for operations that require per-document field data like aggregations and sorting, so these operations are disabled by default. Please use a keyword field instead. Alternatively, set fielddata=true on [{field.Path}] in order to load field data by uninverting the inverted index. Note that this can use significant memory.");
        }

        if (field.Kind is FieldKind.Object or FieldKind.Other)
        {
            throw context.Failure("illegal_argument_exception", $"Field [{field.Path}] of type [{field.TypeName}] does not support sorting");
        }

        IComparable? missingKey = sort.MissingValue is { } mv ? FieldValues.Comparable(field, mv) : null;
        var useMax = sort.Mode is "max" || (sort.Mode is null && sort.Descending);
        var missingPrinted = MissingPrinted(field.Kind, sort.Descending);
        return (document, _) =>
        {
            IComparable? best = null;
            foreach (var value in FieldValues.Get(document.SourceElement, field.SourcePath))
            {
                var key = FieldValues.Comparable(field, value);
                if (key is null)
                {
                    continue;
                }

                if (best is null || (useMax ? key.CompareTo(best) > 0 : key.CompareTo(best) < 0))
                {
                    best = key;
                }
            }

            best ??= missingKey;
            return best is null ? new SortValue(null, missingPrinted) : new SortValue(best, best);
        };
    }

    /// <summary>What Elasticsearch prints in "sort" for a document without a value (numeric sorts use the long bounds).</summary>
    private static object? MissingPrinted(FieldKind kind, bool descending) => kind switch
    {
        FieldKind.Long or FieldKind.Date or FieldKind.Boolean => descending ? long.MinValue : long.MaxValue,
        _ => null,
    };

    /// <summary>search_phase_execution_exception "all shards failed", grouped per index and reason like Elasticsearch.</summary>
    public EsException AllShardsFailed(List<ShardFailureInfo> failures)
    {
        var grouped = failures.GroupBy(f => (f.Index.Name, f.Reason.Reason)).Select(g => g.First()).ToList();
        var roots = grouped.Select(f => f.Reason).DistinctBy(r => (r.Type, r.Reason)).ToList();
        var status = grouped.Max(f => f.Reason.Status);
        return new EsException(status, "search_phase_execution_exception", "all shards failed", grouped[0].Reason)
        {
            RootCausesOverride = roots,
            ExtraFields = writer =>
            {
                writer.WriteString("phase", "query");
                writer.WriteBoolean("grouped", true);
                writer.WriteStartArray("failed_shards");
                foreach (var failure in grouped)
                {
                    WriteFailure(writer, failure);
                }

                writer.WriteEndArray();
            },
        };
    }

    public void WriteFailure(Utf8JsonWriter writer, ShardFailureInfo failure)
    {
        writer.WriteStartObject();
        writer.WriteNumber("shard", failure.ShardId);
        writer.WriteString("index", failure.Index.Name);
        writer.WriteString("node", _nodeId);
        writer.WritePropertyName("reason");
        ErrorEnvelope.WriteThrowable(writer, failure.Reason);
        writer.WriteEndObject();
    }

    private sealed class HitComparer(SearchSpec spec) : IComparer<SearchHit>
    {
        public int Compare(SearchHit? x, SearchHit? y)
        {
            var byValues = CompareValues(x!.SortValues, y!.SortValues);
            if (byValues != 0)
            {
                return byValues;
            }

            var byIndex = x.IndexOrder.CompareTo(y.IndexOrder);
            if (byIndex != 0)
            {
                return byIndex;
            }

            var byShard = x.ShardId.CompareTo(y.ShardId);
            return byShard != 0 ? byShard : x.Document.SeqNo.CompareTo(y.Document.SeqNo);
        }

        private int CompareValues(SortValue[] a, SortValue[] b)
        {
            for (var i = 0; i < a.Length; i++)
            {
                var descending = spec.Sort is null || spec.Sort[i].Descending;
                var missingFirst = spec.Sort is not null && spec.Sort[i].MissingFirst;
                var result = CompareKeys(a[i].Key, b[i].Key, descending, missingFirst);
                if (result != 0)
                {
                    return result;
                }
            }

            return 0;
        }

        private static int CompareKeys(IComparable? a, IComparable? b, bool descending, bool missingFirst)
        {
            if (a is null || b is null)
            {
                if (a is null && b is null)
                {
                    return 0;
                }

                var missingIsA = a is null;
                return (missingIsA ^ !missingFirst) ? -1 : 1;
            }

            var result = a is string sa && b is string sb ? string.CompareOrdinal(sa, sb) : a.CompareTo(b);
            return descending ? -result : result;
        }

        /// <summary>True when the hit sorts strictly after the search_after values.</summary>
        public bool IsAfter(SearchHit hit, List<JsonElement> after)
        {
            for (var i = 0; i < after.Count; i++)
            {
                var sort = spec.Sort![i];
                var key = hit.SortValues[i].Key;
                IComparable? afterKey = after[i].ValueKind switch
                {
                    JsonValueKind.Null => null,
                    JsonValueKind.String => after[i].GetString(),
                    JsonValueKind.Number when key is double => after[i].GetDouble(),
                    JsonValueKind.Number when after[i].TryGetInt64(out var l) => l,
                    JsonValueKind.Number => after[i].GetDouble(),
                    JsonValueKind.True => 1L,
                    _ => 0L,
                };
                if (key is long && afterKey is double d)
                {
                    afterKey = (long)d;
                }

                if (key is double && afterKey is long al)
                {
                    afterKey = (double)al;
                }

                if (afterKey is long printedMissing && key is null && (printedMissing == long.MaxValue || printedMissing == long.MinValue))
                {
                    afterKey = null;
                }

                var result = CompareKeys(key, afterKey, sort.Descending, sort.MissingFirst);
                if (result != 0)
                {
                    return result > 0;
                }
            }

            return false;
        }
    }
}
