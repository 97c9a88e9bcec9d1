using System.Text.Json;
using Coordination.ElasticsearchEmulator.Engine;
using Coordination.ElasticsearchEmulator.Mapping;

namespace Coordination.ElasticsearchEmulator.Search;

/// <summary><c>range</c> with gt/gte/lt/lte (date bounds accept formats and date math, rounded like Elasticsearch).</summary>
internal sealed class RangeQuery : FieldQuery
{
    public JsonElement? Gt { get; init; }

    public JsonElement? Gte { get; init; }

    public JsonElement? Lt { get; init; }

    public JsonElement? Lte { get; init; }

    public string? Format { get; init; }

    protected override Func<string, bool> CompileMetadata(IndexSearchContext context, Func<StoredDocument, string> read)
    {
        static string? Text(JsonElement? e) => e is { } v ? FieldValues.KeywordText(v) : null;
        var (gt, gte, lt, lte) = (Text(Gt), Text(Gte), Text(Lt), Text(Lte));
        return s => (gt is null || string.CompareOrdinal(s, gt) > 0) && (gte is null || string.CompareOrdinal(s, gte) >= 0)
            && (lt is null || string.CompareOrdinal(s, lt) < 0) && (lte is null || string.CompareOrdinal(s, lte) <= 0);
    }

    protected override Func<JsonElement, bool>? CompileValueTest(IndexSearchContext context, FieldMapping field)
    {
        // Upper bounds and exclusive lower bounds round date math up ("lte now/d" includes the whole day).
        IComparable? Bound(JsonElement? e, bool roundUp) => e is { } v && v.ValueKind != JsonValueKind.Null
            ? (field.Kind is FieldKind.Text or FieldKind.Keyword ? FieldValues.KeywordText(v) : context.QueryValue(field, v, Format, roundUp))
            : null;

        var gt = Bound(Gt, roundUp: true);
        var gte = Bound(Gte, roundUp: false);
        var lt = Bound(Lt, roundUp: false);
        var lte = Bound(Lte, roundUp: true);
        bool InRange(IComparable actual) =>
            (gt is null || Compare(actual, gt) > 0) && (gte is null || Compare(actual, gte) >= 0)
            && (lt is null || Compare(actual, lt) < 0) && (lte is null || Compare(actual, lte) <= 0);

        if (field.Kind == FieldKind.Text)
        {
            return value => FieldValues.KeywordText(value) is { } text && TextAnalyzer.Tokens(text).Any(InRange);
        }

        return value => FieldValues.Comparable(field, value) is { } actual && InRange(actual);
    }

    private static int Compare(IComparable actual, IComparable bound) => actual switch
    {
        string s when bound is string b => string.CompareOrdinal(s, b),
        long l when bound is double d => ((double)l).CompareTo(d),
        double d when bound is long l => d.CompareTo(l),
        _ => actual.CompareTo(bound),
    };
}
