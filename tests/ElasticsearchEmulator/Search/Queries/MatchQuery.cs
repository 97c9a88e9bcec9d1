using System.Text.Json;
using Coordination.ElasticsearchEmulator.Engine;
using Coordination.ElasticsearchEmulator.Mapping;

namespace Coordination.ElasticsearchEmulator.Search;

/// <summary>
/// <c>match</c>: on text fields the query is analyzed and any (operator or) or every (operator and) token must be
/// present; on other fields it behaves like a term query on the field's type.
/// </summary>
internal sealed class MatchQuery : FieldQuery
{
    public required JsonElement Query { get; init; }

    public bool RequireAll { get; init; }

    protected override Func<string, bool> CompileMetadata(IndexSearchContext context, Func<StoredDocument, string> read)
    {
        var wanted = FieldValues.KeywordText(Query);
        return text => text == wanted;
    }

    public override DocMatcher Compile(IndexSearchContext context)
    {
        var field = Field is "_id" or "_index" ? null : context.Field(Field);
        if (field is not { Kind: FieldKind.Text })
        {
            return base.Compile(context);
        }

        var tokens = TextAnalyzer.Tokens(FieldValues.KeywordText(Query) ?? string.Empty);
        if (tokens.Count == 0)
        {
            return Never;
        }

        var boost = Boost;
        var requireAll = RequireAll;
        var path = field.SourcePath;
        return document =>
        {
            var present = new HashSet<string>(StringComparer.Ordinal);
            foreach (var value in FieldValues.Get(document.SourceElement, path))
            {
                if (FieldValues.KeywordText(value) is { } text)
                {
                    present.UnionWith(TextAnalyzer.Tokens(text));
                }
            }

            var matched = requireAll ? tokens.All(present.Contains) : tokens.Any(present.Contains);
            return matched ? boost : null;
        };
    }

    protected override Func<JsonElement, bool>? CompileValueTest(IndexSearchContext context, FieldMapping field)
    {
        if (field.Kind == FieldKind.Keyword)
        {
            var wanted = FieldValues.KeywordText(Query);
            return value => FieldValues.Comparable(field, value) is string text && text == wanted;
        }

        var target = context.QueryValue(field, Query);
        return value => FieldValues.Comparable(field, value) is { } actual && target.CompareTo(actual) == 0;
    }
}
