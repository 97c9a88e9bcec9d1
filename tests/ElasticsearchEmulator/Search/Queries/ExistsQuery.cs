using Coordination.ElasticsearchEmulator.Mapping;

namespace Coordination.ElasticsearchEmulator.Search;

/// <summary><c>exists</c>: the field (or, for an object, any of its sub-fields) has an indexed value.</summary>
internal sealed class ExistsQuery : QueryNode
{
    public required string Field { get; init; }

    public override DocMatcher Compile(IndexSearchContext context)
    {
        var boost = Boost;
        if (Field is "_id" or "_index" or "_source" or "_seq_no" or "_primary_term" or "_version")
        {
            return _ => boost;
        }

        var fields = context.Mapping.Fields.Values
            .Where(f => (f.Path == Field || f.Path.StartsWith(Field + ".", StringComparison.Ordinal)) && f.Kind is not FieldKind.Object)
            .ToList();
        if (fields.Count == 0)
        {
            return Never;
        }

        return document =>
        {
            foreach (var field in fields)
            {
                foreach (var value in FieldValues.Get(document.SourceElement, field.SourcePath))
                {
                    if (field.Kind is FieldKind.Other || FieldValues.Comparable(field, value) is not null)
                    {
                        return boost;
                    }
                }
            }

            return null;
        };
    }
}
