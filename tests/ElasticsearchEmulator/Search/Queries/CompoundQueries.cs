namespace Coordination.ElasticsearchEmulator.Search;

/// <summary><c>constant_score</c>: the filter's matches, all scored with the boost.</summary>
internal sealed class ConstantScoreQuery : QueryNode
{
    public required QueryNode Filter { get; init; }

    public override DocMatcher Compile(IndexSearchContext context)
    {
        var inner = Filter.Compile(context);
        var boost = Boost;
        return d => inner(d) is null ? null : boost;
    }
}

/// <summary>
/// <c>bool</c>: must (scored) and filter (unscored) clauses all match, must_not none, and at least
/// minimum_should_match should clauses (1 by default when there is nothing else). An empty bool matches all.
/// </summary>
internal sealed class BoolQuery : QueryNode
{
    public IReadOnlyList<QueryNode> Must { get; init; } = [];

    public IReadOnlyList<QueryNode> Filter { get; init; } = [];

    public IReadOnlyList<QueryNode> Should { get; init; } = [];

    public IReadOnlyList<QueryNode> MustNot { get; init; } = [];

    /// <summary>Null uses the default: 1 when there are only should clauses, otherwise 0.</summary>
    public string? MinimumShouldMatch { get; init; }

    public override DocMatcher Compile(IndexSearchContext context)
    {
        var boost = Boost;
        if (Must.Count == 0 && Filter.Count == 0 && Should.Count == 0 && MustNot.Count == 0)
        {
            return _ => boost;
        }

        var must = Must.Select(q => q.Compile(context)).ToArray();
        var filter = Filter.Select(q => q.Compile(context)).ToArray();
        var should = Should.Select(q => q.Compile(context)).ToArray();
        var mustNot = MustNot.Select(q => q.Compile(context)).ToArray();
        var required = RequiredShouldMatches(should.Length, must.Length + filter.Length);
        return document =>
        {
            double score = 0;
            foreach (var clause in must)
            {
                if (clause(document) is not { } s)
                {
                    return null;
                }

                score += s;
            }

            foreach (var clause in filter)
            {
                if (clause(document) is null)
                {
                    return null;
                }
            }

            foreach (var clause in mustNot)
            {
                if (clause(document) is not null)
                {
                    return null;
                }
            }

            var matched = 0;
            foreach (var clause in should)
            {
                if (clause(document) is { } s)
                {
                    matched++;
                    score += s;
                }
            }

            return matched < required ? null : score * boost;
        };
    }

    private int RequiredShouldMatches(int shouldCount, int requiredClauses)
    {
        if (shouldCount == 0)
        {
            return 0;
        }

        if (MinimumShouldMatch is null)
        {
            return requiredClauses == 0 ? 1 : 0;
        }

        var text = MinimumShouldMatch.Trim();
        int value;
        if (text.EndsWith('%'))
        {
            var percent = int.Parse(text[..^1], System.Globalization.CultureInfo.InvariantCulture);
            value = (int)Math.Floor(shouldCount * Math.Abs(percent) / 100.0);
            value = percent < 0 ? shouldCount - value : value;
        }
        else
        {
            value = int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
            value = value < 0 ? shouldCount + value : value;
        }

        return Math.Clamp(value, 0, shouldCount);
    }
}
