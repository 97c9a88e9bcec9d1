using System.Text.Json;
using Coordination.ElasticsearchEmulator.Errors;

namespace Coordination.ElasticsearchEmulator.Search;

/// <summary>
/// The query DSL subset the emulator supports: match_all, match_none, term, terms, ids, match, range, exists, prefix,
/// wildcard, bool and constant_score. Anything else is Elasticsearch's <c>unknown query</c> parsing failure.
/// </summary>
internal sealed class QueryParser
{
    private readonly ReadOnlyMemory<byte> _body;

    public QueryParser(ReadOnlyMemory<byte> body)
    {
        _body = body;
    }

    private EsException Parsing(long offset, string reason, EsException? cause = null) =>
        EsErrors.ParsingException(JsonLocation.Of(_body.Span, offset), reason, cause);

    public QueryNode Parse(LocatedJson node)
    {
        if (!node.IsObject)
        {
            throw Parsing(node.Offset, $"[_na] query malformed, must start with start_object");
        }

        if (node.Properties.Count == 0)
        {
            throw Parsing(node.Offset, $"query malformed, empty clause found at [{JsonLocation.Of(_body.Span, node.Offset).Line}:{JsonLocation.Of(_body.Span, node.Offset).Column}]");
        }

        var clause = node.Properties[0];
        if (node.Properties.Count > 1)
        {
            var extra = node.Properties[1];
            throw Parsing(extra.NameOffset, $"[{clause.Name}] malformed query, expected [END_OBJECT] but found [FIELD_NAME]");
        }

        var body = clause.Value;
        return clause.Name switch
        {
            "match_all" => new MatchAllQuery { Boost = Boost(body) },
            "match_none" => new MatchNoneQuery(),
            "term" => ParseTerm(clause),
            "terms" => ParseTerms(clause),
            "ids" => ParseIds(clause),
            "match" => ParseMatch(clause),
            "range" => ParseRange(clause),
            "exists" => new ExistsQuery { Field = RequiredString(clause, "field"), Boost = Boost(body) },
            "prefix" => ParsePrefix(clause),
            "wildcard" => ParseWildcard(clause),
            "bool" => ParseBool(clause),
            "constant_score" => new ConstantScoreQuery
            {
                Filter = Parse(body["filter"] ?? throw Parsing(body.Offset, "[constant_score] requires a 'filter' element")),
                Boost = Boost(body),
            },
            _ => throw Parsing(clause.NameOffset, $"unknown query [{clause.Name}]",
                new EsException(400, "named_object_not_found_exception", $"{JsonLocation.Of(_body.Span, clause.NameOffset)} unknown field [{clause.Name}]", isElasticsearchException: false)),
        };
    }

    private double Boost(LocatedJson body) =>
        body.IsObject && body["boost"] is { } boost && FieldValues.TryNumber(boost.Element, out var value) ? value : 1.0;

    private string RequiredString(LocatedProperty clause, string name)
    {
        if (clause.Value.IsObject && clause.Value[name] is { Kind: JsonValueKind.String } value)
        {
            return value.Element.GetString()!;
        }

        throw Parsing(clause.Value.Offset, $"[{clause.Name}] must be provided with a [{name}]");
    }

    /// <summary>The single field of a leaf query, in short form (<c>{"f": v}</c>) or long form (<c>{"f": {"value": v}}</c>).</summary>
    private (LocatedProperty Field, LocatedJson Value, LocatedJson? Options) SingleField(LocatedProperty clause, string valueKey)
    {
        var body = clause.Value;
        if (!body.IsObject)
        {
            throw Parsing(body.Offset, $"[{clause.Name}] query malformed, no start_object after query name");
        }

        LocatedProperty? field = null;
        foreach (var property in body.Properties)
        {
            if (property.Name is "boost" or "_name" && !property.Value.IsObject)
            {
                continue;
            }

            if (field is not null)
            {
                throw Parsing(property.NameOffset, $"[{clause.Name}] query doesn't support multiple fields, found [{field.Name}] and [{property.Name}]");
            }

            field = property;
        }

        if (field is null)
        {
            throw Parsing(body.Offset, $"[{clause.Name}] query malformed, no field specified");
        }

        if (field.Value.IsObject)
        {
            var value = field.Value[valueKey] ?? throw Parsing(field.Value.Offset, $"[{clause.Name}] query does not support [{valueKey}] missing");
            return (field, value, field.Value);
        }

        return (field, field.Value, null);
    }

    private static bool Flag(LocatedJson? options, string name) =>
        options?[name] is { } flag && JsonBody.AsBool(flag.Element) == true;

    private double OptionBoost(LocatedJson clauseBody, LocatedJson? options) =>
        options is not null ? Boost(options) : Boost(clauseBody);

    private QueryNode ParseTerm(LocatedProperty clause)
    {
        var (field, value, options) = SingleField(clause, "value");
        if (value.Kind is JsonValueKind.Object or JsonValueKind.Array)
        {
            throw Parsing(value.Offset, $"[term] query does not support array of values");
        }

        return new TermsQuery
        {
            Field = field.Name,
            Values = [value.Element],
            CaseInsensitive = Flag(options, "case_insensitive"),
            Boost = OptionBoost(clause.Value, options),
        };
    }

    private QueryNode ParseTerms(LocatedProperty clause)
    {
        var body = clause.Value;
        LocatedProperty? field = null;
        foreach (var property in body.Properties)
        {
            if (property.Name is "boost" or "_name")
            {
                continue;
            }

            if (field is not null)
            {
                throw Parsing(property.NameOffset, $"[terms] query does not support multiple fields");
            }

            field = property;
        }

        if (field is null)
        {
            throw Parsing(body.Offset, "[terms] query requires a field");
        }

        if (field.Value.Kind != JsonValueKind.Array)
        {
            throw Parsing(field.Value.Offset, field.Value.IsObject
                ? "[terms] query lookup is not supported by the Elasticsearch emulator"
                : $"[terms] query does not support [{field.Name}]");
        }

        return new TermsQuery { Field = field.Name, Values = [.. field.Value.Items.Select(i => i.Element)], Boost = Boost(body) };
    }

    private QueryNode ParseIds(LocatedProperty clause)
    {
        var values = clause.Value["values"];
        if (values is not { Kind: JsonValueKind.Array })
        {
            throw Parsing(clause.Value.Offset, "[ids] query malformed, no ids values found");
        }

        return new IdsQuery { Ids = [.. values.Items.Select(i => FieldValues.KeywordText(i.Element) ?? string.Empty)], Boost = Boost(clause.Value) };
    }

    private QueryNode ParseMatch(LocatedProperty clause)
    {
        var (field, value, options) = SingleField(clause, "query");
        var op = (options?["operator"] is { } opNode ? FieldValues.KeywordText(opNode.Element) : null)?.ToLowerInvariant() ?? "or";
        if (op is not ("or" or "and"))
        {
            throw Parsing(options!["operator"]!.Offset, $"operator [{op}] is not supported");
        }

        return new MatchQuery { Field = field.Name, Query = value.Element, RequireAll = op == "and", Boost = OptionBoost(clause.Value, options) };
    }

    private QueryNode ParseRange(LocatedProperty clause)
    {
        var body = clause.Value;
        var field = body.Properties.FirstOrDefault(p => p.Value.IsObject)
            ?? throw Parsing(body.Offset, "[range] query malformed, no field to indicate field name");
        var options = field.Value;
        JsonElement? gt = null, gte = null, lt = null, lte = null;
        JsonElement? from = null, to = null;
        bool includeLower = true, includeUpper = true;
        foreach (var property in options.Properties)
        {
            switch (property.Name)
            {
                case "gt":
                    gt = property.Value.Element;
                    break;
                case "gte":
                    gte = property.Value.Element;
                    break;
                case "lt":
                    lt = property.Value.Element;
                    break;
                case "lte":
                    lte = property.Value.Element;
                    break;
                case "from":
                    from = property.Value.Element;
                    break;
                case "to":
                    to = property.Value.Element;
                    break;
                case "include_lower":
                    includeLower = JsonBody.AsBool(property.Value.Element) ?? true;
                    break;
                case "include_upper":
                    includeUpper = JsonBody.AsBool(property.Value.Element) ?? true;
                    break;
                case "format" or "time_zone" or "boost" or "relation" or "_name":
                    break;
                default:
                    throw Parsing(property.NameOffset, $"[range] query does not support [{property.Name}]");
            }
        }

        if (from is not null)
        {
            if (includeLower)
            {
                gte ??= from;
            }
            else
            {
                gt ??= from;
            }
        }

        if (to is not null)
        {
            if (includeUpper)
            {
                lte ??= to;
            }
            else
            {
                lt ??= to;
            }
        }

        return new RangeQuery
        {
            Field = field.Name,
            Gt = gt,
            Gte = gte,
            Lt = lt,
            Lte = lte,
            Format = options["format"] is { } format ? FieldValues.KeywordText(format.Element) : null,
            Boost = Boost(options),
        };
    }

    private QueryNode ParsePrefix(LocatedProperty clause)
    {
        var (field, value, options) = SingleField(clause, "value");
        return new PrefixQuery
        {
            Field = field.Name,
            Prefix = FieldValues.KeywordText(value.Element) ?? string.Empty,
            CaseInsensitive = Flag(options, "case_insensitive"),
            Boost = OptionBoost(clause.Value, options),
        };
    }

    private QueryNode ParseWildcard(LocatedProperty clause)
    {
        var valueKey = clause.Value.Properties.Count > 0 && clause.Value.Properties[0].Value.IsObject && clause.Value.Properties[0].Value["wildcard"] is not null ? "wildcard" : "value";
        var (field, value, options) = SingleField(clause, valueKey);
        return new WildcardQuery
        {
            Field = field.Name,
            Pattern = FieldValues.KeywordText(value.Element) ?? string.Empty,
            CaseInsensitive = Flag(options, "case_insensitive"),
            Boost = OptionBoost(clause.Value, options),
        };
    }

    private QueryNode ParseBool(LocatedProperty clause)
    {
        var body = clause.Value;
        if (!body.IsObject)
        {
            throw Parsing(body.Offset, "[bool] query malformed, no start_object after query name");
        }

        List<QueryNode> must = [], filter = [], should = [], mustNot = [];
        string? minimumShouldMatch = null;
        foreach (var property in body.Properties)
        {
            switch (property.Name)
            {
                case "must":
                    must.AddRange(Clauses(property.Value));
                    break;
                case "filter":
                    filter.AddRange(Clauses(property.Value));
                    break;
                case "should":
                    should.AddRange(Clauses(property.Value));
                    break;
                case "must_not" or "mustNot":
                    mustNot.AddRange(Clauses(property.Value));
                    break;
                case "minimum_should_match":
                    minimumShouldMatch = FieldValues.KeywordText(property.Value.Element);
                    if (minimumShouldMatch is null || !System.Text.RegularExpressions.Regex.IsMatch(minimumShouldMatch.Trim(), @"^-?\d+%?$"))
                    {
                        throw Parsing(property.Value.Offset, $"[bool] minimum_should_match [{minimumShouldMatch}] is not supported by the Elasticsearch emulator (use an integer or a percentage)");
                    }

                    break;
                case "boost" or "_name" or "adjust_pure_negative":
                    break;
                default:
                    throw Parsing(property.NameOffset, $"[bool] query does not support [{property.Name}]");
            }
        }

        return new BoolQuery { Must = must, Filter = filter, Should = should, MustNot = mustNot, MinimumShouldMatch = minimumShouldMatch, Boost = Boost(body) };
    }

    private IEnumerable<QueryNode> Clauses(LocatedJson value) =>
        value.Kind == JsonValueKind.Array ? value.Items.Select(Parse).ToList() : [Parse(value)];
}
