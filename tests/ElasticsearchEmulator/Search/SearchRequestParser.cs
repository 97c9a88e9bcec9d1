using System.Text.Json;
using Coordination.ElasticsearchEmulator.Errors;
using Coordination.ElasticsearchEmulator.Http;

namespace Coordination.ElasticsearchEmulator.Search;

/// <summary>SearchSourceBuilder.parseXContent and RestSearchAction's URL parameters, for the supported subset.</summary>
internal static class SearchRequestParser
{
    private static readonly HashSet<string> Unsupported =
    [
        "aggs", "aggregations", "highlight", "collapse", "suggest", "rescore", "knn", "pit", "slice", "retriever", "rank",
        "indices_boost", "script_fields", "sub_searches", "point_in_time",
    ];

    public static SearchSpec ParseBody(ReadOnlyMemory<byte> body)
    {
        var spec = new SearchSpec();
        if (body.IsEmpty)
        {
            return spec;
        }

        var root = LocatedJson.Parse(body);
        var queries = new QueryParser(body);
        if (!root.IsObject)
        {
            throw EsErrors.ParsingException(JsonLocation.Of(body.Span, root.Offset), $"Expected [START_OBJECT] but found [{root.TokenName}]");
        }

        foreach (var property in root.Properties)
        {
            var value = property.Value;
            EsException Unknown() => EsErrors.ParsingException(JsonLocation.Of(body.Span, value.Offset), $"Unknown key for a {value.TokenName} in [{property.Name}].");
            switch (property.Name)
            {
                case "query":
                    spec.Query = queries.Parse(value);
                    break;
                case "post_filter":
                    spec.PostFilter = queries.Parse(value);
                    break;
                case "from":
                    spec.From = Int(value, property.Name, body);
                    break;
                case "size":
                    spec.Size = Int(value, property.Name, body);
                    break;
                case "sort":
                    // An empty sort list means the default order (by score).
                    var sorts = ParseSort(value, body);
                    spec.Sort = sorts.Count == 0 ? null : sorts;
                    break;
                case "_source":
                    spec.Source = SourceFilter.FromJson(value.Element) ?? throw Unknown();
                    break;
                case "seq_no_primary_term":
                    spec.SeqNoPrimaryTerm = JsonBody.AsBool(value.Element) ?? throw Unknown();
                    break;
                case "version":
                    spec.Version = JsonBody.AsBool(value.Element) ?? throw Unknown();
                    break;
                case "track_scores":
                    spec.TrackScores = JsonBody.AsBool(value.Element) ?? throw Unknown();
                    break;
                case "track_total_hits":
                    SetTrackTotalHits(spec, value.Element.ValueKind switch
                    {
                        JsonValueKind.True => "true",
                        JsonValueKind.False => "false",
                        _ => value.Element.GetRawText(),
                    });
                    break;
                case "search_after":
                    spec.SearchAfter = value.Kind == JsonValueKind.Array ? [.. value.Items.Select(i => i.Element)] : throw Unknown();
                    break;
                case "min_score":
                    spec.MinScore = FieldValues.TryNumber(value.Element, out var minScore) ? minScore : throw Unknown();
                    break;
                case "terminate_after":
                    spec.TerminateAfter = Int(value, property.Name, body);
                    break;
                case "timeout" or "explain" or "profile" or "stats" or "stored_fields" or "docvalue_fields" or "fields" or "runtime_mappings" or "ext" or "_name":
                    break;
                default:
                    if (Unsupported.Contains(property.Name))
                    {
                        throw EsErrors.IllegalArgument($"[{property.Name}] is not supported by the Elasticsearch emulator");
                    }

                    throw Unknown();
            }
        }

        return spec;
    }

    /// <summary>URL parameters win over the body, as in RestSearchAction.parseSearchSource.</summary>
    public static void ApplyParameters(SearchSpec spec, RequestParameters p)
    {
        if (p.Get("q") is not null)
        {
            throw EsErrors.IllegalArgument("the [q] parameter (query string syntax) is not supported by the Elasticsearch emulator; send a query in the body");
        }

        foreach (var ignored in new[] { "df", "analyzer", "analyze_wildcard", "lenient", "default_operator" })
        {
            p.Get(ignored);
        }

        if (p.Get("from") is not null)
        {
            spec.From = p.GetInt("from", 0);
        }

        if (p.Get("size") is not null)
        {
            spec.Size = p.GetInt("size", 10);
        }

        p.GetBool("explain", false);
        if (p.Has("version"))
        {
            spec.Version = p.GetBool("version", false);
        }

        if (p.Has("seq_no_primary_term"))
        {
            spec.SeqNoPrimaryTerm = p.GetBool("seq_no_primary_term", false);
        }

        p.GetTime("timeout", null);
        if (p.Get("terminate_after") is not null)
        {
            spec.TerminateAfter = p.GetInt("terminate_after", 0);
        }

        p.Get("stored_fields");
        p.Get("docvalue_fields");
        if (SourceFilter.FromParameters(p) is { } source)
        {
            spec.Source = source;
        }

        if (p.Has("track_scores"))
        {
            spec.TrackScores = p.GetBool("track_scores", false);
        }

        if (p.Get("track_total_hits") is { } track)
        {
            SetTrackTotalHits(spec, track);
        }

        if (p.Get("sort") is { } sort)
        {
            spec.Sort = [];
            foreach (var part in sort.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                var colon = part.LastIndexOf(':');
                var field = colon > 0 ? part[..colon] : part;
                var order = colon > 0 ? part[(colon + 1)..] : null;
                spec.Sort.Add(new SortSpec(field, order is null ? field == "_score" : ParseOrder(order), null, null, null));
            }
        }

        p.Get("stats");
        if (spec.Size < 0)
        {
            throw EsErrors.IllegalArgument($"[size] parameter cannot be negative, found [{spec.Size}]");
        }

        if (spec.From < 0)
        {
            throw EsErrors.IllegalArgument($"[from] parameter cannot be negative, found [{spec.From}]");
        }
    }

    private static void SetTrackTotalHits(SearchSpec spec, string text)
    {
        spec.TrackTotalHitsSet = true;
        if (text == "true")
        {
            spec.TrackTotalHitsUpTo = int.MaxValue;
        }
        else if (text == "false")
        {
            spec.TrackTotalHitsUpTo = null;
        }
        else if (JavaNumbers.TryParseInt(text, out var value))
        {
            if (value < -1)
            {
                throw EsErrors.IllegalArgument($"[track_total_hits] parameter must be positive or equals to -1, got {value}");
            }

            spec.TrackTotalHitsUpTo = value == -1 ? int.MaxValue : value;
        }
        else
        {
            throw EsErrors.IllegalArgument($"Failed to parse value [{text}] as only [true] or [false] are allowed.");
        }
    }

    private static int Int(LocatedJson value, string name, ReadOnlyMemory<byte> body)
    {
        if (value.Kind == JsonValueKind.Number && value.Element.TryGetInt32(out var number))
        {
            return number;
        }

        if (value.Kind == JsonValueKind.String && JavaNumbers.TryParseInt(value.Element.GetString()!, out number))
        {
            return number;
        }

        throw EsErrors.ParsingException(JsonLocation.Of(body.Span, value.Offset), $"[{name}] failed to parse field [{name}]");
    }

    private static bool ParseOrder(string order) => order.ToLowerInvariant() switch
    {
        "asc" => false,
        "desc" => true,
        _ => throw EsErrors.IllegalArgument($"Unknown SortOrder [{order}]"),
    };

    private static List<SortSpec> ParseSort(LocatedJson value, ReadOnlyMemory<byte> body)
    {
        var sorts = new List<SortSpec>();
        var entries = value.Kind == JsonValueKind.Array ? value.Items : [value];
        foreach (var entry in entries)
        {
            switch (entry.Kind)
            {
                case JsonValueKind.String:
                    var name = entry.Element.GetString()!;
                    sorts.Add(new SortSpec(name, name == "_score", null, null, null));
                    break;
                case JsonValueKind.Object:
                    foreach (var property in entry.Properties)
                    {
                        var options = property.Value;
                        if (options.Kind == JsonValueKind.String)
                        {
                            sorts.Add(new SortSpec(property.Name, ParseOrder(options.Element.GetString()!), null, null, null));
                            continue;
                        }

                        if (!options.IsObject)
                        {
                            throw EsErrors.ParsingException(JsonLocation.Of(body.Span, options.Offset), $"[{property.Name}] sort must be an order or an object");
                        }

                        var descending = property.Name == "_score";
                        JsonElement? missing = null;
                        string? unmappedType = null;
                        string? mode = null;
                        foreach (var option in options.Properties)
                        {
                            if (option.Name is "order" or "unmapped_type" or "mode" && option.Value.Kind != JsonValueKind.String)
                            {
                                throw EsErrors.ParsingException(JsonLocation.Of(body.Span, option.Value.Offset), $"[field_sort] {option.Name} doesn't support values of type: {option.Value.TokenName}");
                            }

                            switch (option.Name)
                            {
                                case "order":
                                    descending = ParseOrder(option.Value.Element.GetString() ?? string.Empty);
                                    break;
                                case "missing":
                                    missing = option.Value.Element;
                                    break;
                                case "unmapped_type":
                                    unmappedType = option.Value.Element.GetString();
                                    break;
                                case "mode":
                                    mode = option.Value.Element.GetString();
                                    break;
                                case "format" or "numeric_type":
                                    break;
                                default:
                                    throw EsErrors.ParsingException(JsonLocation.Of(body.Span, option.NameOffset), $"[field_sort] unknown field [{option.Name}]");
                            }
                        }

                        sorts.Add(new SortSpec(property.Name, descending, missing, unmappedType, mode));
                    }

                    break;
                default:
                    throw EsErrors.ParsingException(JsonLocation.Of(body.Span, entry.Offset), $"malformed sort format, within the sort array, an object, or an actual string are allowed");
            }
        }

        return sorts;
    }
}
