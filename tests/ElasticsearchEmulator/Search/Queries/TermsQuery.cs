using System.Text.Json;
using Coordination.ElasticsearchEmulator.Engine;
using Coordination.ElasticsearchEmulator.Mapping;

namespace Coordination.ElasticsearchEmulator.Search;

/// <summary><c>term</c> (one value) and <c>terms</c> (any of several): exact, unanalyzed values.</summary>
internal sealed class TermsQuery : FieldQuery
{
    public required IReadOnlyList<JsonElement> Values { get; init; }

    public bool CaseInsensitive { get; init; }

    protected override Func<string, bool> CompileMetadata(IndexSearchContext context, Func<StoredDocument, string> read)
    {
        var wanted = Values.Select(v => FieldValues.KeywordText(v)!).Where(v => v is not null).ToHashSet(CaseInsensitive ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        return wanted.Contains;
    }

    protected override Func<JsonElement, bool>? CompileValueTest(IndexSearchContext context, FieldMapping field)
    {
        if (field.Kind is FieldKind.Text or FieldKind.Keyword)
        {
            var comparer = CaseInsensitive ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
            var wanted = Values.Select(v => FieldValues.KeywordText(v)!).Where(v => v is not null).ToHashSet(comparer);
            return TextTest(field, wanted.Contains);
        }

        var targets = Values.Select(v => context.QueryValue(field, v)).ToList();
        return value => FieldValues.Comparable(field, value) is { } actual && targets.Any(t => t.CompareTo(actual) == 0);
    }
}
