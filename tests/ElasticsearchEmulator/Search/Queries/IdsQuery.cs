namespace Coordination.ElasticsearchEmulator.Search;

/// <summary><c>ids</c>: documents whose _id is one of the values (constant score).</summary>
internal sealed class IdsQuery : QueryNode
{
    public required IReadOnlyList<string> Ids { get; init; }

    public override DocMatcher Compile(IndexSearchContext context)
    {
        var ids = Ids.ToHashSet(StringComparer.Ordinal);
        var boost = Boost;
        return d => ids.Contains(d.Id) ? boost : null;
    }
}
