using Coordination.ElasticsearchEmulator.Engine;

namespace Coordination.ElasticsearchEmulator.Search;

/// <summary>Null when the document does not match, otherwise its score.</summary>
internal delegate double? DocMatcher(StoredDocument document);

/// <summary>
/// A parsed query clause. Compiled once per index (mappings differ between indices). Scores are not BM25: scoring
/// leaf queries give 1.0 * boost, filters 0, which keeps ordering rules (sort by _score, then index order) intact.
/// </summary>
internal abstract class QueryNode
{
    public double Boost { get; init; } = 1.0;

    public abstract DocMatcher Compile(IndexSearchContext context);

    protected static DocMatcher Never => static _ => null;
}

internal sealed class MatchAllQuery : QueryNode
{
    public override DocMatcher Compile(IndexSearchContext context)
    {
        var boost = Boost;
        return _ => boost;
    }
}

internal sealed class MatchNoneQuery : QueryNode
{
    public override DocMatcher Compile(IndexSearchContext context) => Never;
}
