using System.Text.Json;
using Coordination.ElasticsearchEmulator.Engine;
using Coordination.ElasticsearchEmulator.Mapping;

namespace Coordination.ElasticsearchEmulator.Search;

/// <summary>
/// Base for clauses that test one field's values. The metadata fields <c>_id</c> and <c>_index</c> are answered from
/// the document itself; unmapped fields match nothing (as in Elasticsearch, where they have no terms).
/// </summary>
internal abstract class FieldQuery : QueryNode
{
    public required string Field { get; init; }

    public override DocMatcher Compile(IndexSearchContext context)
    {
        var boost = Boost;
        if (Field == "_id")
        {
            var idTest = CompileMetadata(context, static d => d.Id);
            return d => idTest(d.Id) ? boost : null;
        }

        if (Field == "_index")
        {
            var name = context.Index.Name;
            var indexTest = CompileMetadata(context, _ => name);
            var matches = indexTest(name);
            return _ => matches ? boost : null;
        }

        var field = context.Field(Field);
        if (field is null || field.Kind is FieldKind.Object or FieldKind.Other)
        {
            return Never;
        }

        var test = CompileValueTest(context, field);
        if (test is null)
        {
            return Never;
        }

        var path = field.SourcePath;
        return document =>
        {
            foreach (var value in FieldValues.Get(document.SourceElement, path))
            {
                if (test(value))
                {
                    return boost;
                }
            }

            return null;
        };
    }

    /// <summary>A predicate over the text of a metadata field (_id, _index).</summary>
    protected abstract Func<string, bool> CompileMetadata(IndexSearchContext context, Func<StoredDocument, string> read);

    /// <summary>A predicate over one indexed value of the field; null matches nothing.</summary>
    protected abstract Func<JsonElement, bool>? CompileValueTest(IndexSearchContext context, FieldMapping field);

    /// <summary>Text fields test each analyzed token; keyword-like fields test the whole (ignore_above-limited) value.</summary>
    protected static Func<JsonElement, bool> TextTest(FieldMapping field, Func<string, bool> test) => field.Kind switch
    {
        FieldKind.Text => value => FieldValues.KeywordText(value) is { } text && TextAnalyzer.Tokens(text).Any(test),
        _ => value => FieldValues.Comparable(field, value) is string text && test(text),
    };
}
