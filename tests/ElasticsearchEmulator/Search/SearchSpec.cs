using System.Text.Json;

namespace Coordination.ElasticsearchEmulator.Search;

/// <summary>One sort criterion: a field, <c>_score</c> or <c>_doc</c>.</summary>
internal sealed record SortSpec(string Field, bool Descending, JsonElement? Missing, string? UnmappedType, string? Mode)
{
    public bool IsScore => Field == "_score";

    public bool IsDoc => Field == "_doc";

    /// <summary>"_first" puts documents without a value first; the default ("_last") puts them last in either order.</summary>
    public bool MissingFirst => Missing is { ValueKind: JsonValueKind.String } m && m.GetString() == "_first";

    public JsonElement? MissingValue => Missing is { } m && !(m.ValueKind == JsonValueKind.String && m.GetString() is "_first" or "_last") ? m : null;
}

/// <summary>A parsed search request (body overlaid with URL parameters).</summary>
internal sealed class SearchSpec
{
    public const int DefaultTrackTotalHits = 10_000;

    public QueryNode Query { get; set; } = new MatchAllQuery();

    public QueryNode? PostFilter { get; set; }

    public int From { get; set; }

    public int Size { get; set; } = 10;

    public List<SortSpec>? Sort { get; set; }

    public SourceFilter Source { get; set; } = SourceFilter.FetchAll;

    public bool SeqNoPrimaryTerm { get; set; }

    public bool Version { get; set; }

    public bool TrackScores { get; set; }

    /// <summary>Count hits accurately up to this number; null means not tracked (<c>track_total_hits: false</c>).</summary>
    public int? TrackTotalHitsUpTo { get; set; } = DefaultTrackTotalHits;

    public bool TrackTotalHitsSet { get; set; }

    public bool RestTotalHitsAsInt { get; set; }

    public List<JsonElement>? SearchAfter { get; set; }

    public double? MinScore { get; set; }

    public int? TerminateAfter { get; set; }

    /// <summary>True when the hits are ordered by _score only (then scores and max_score are reported).</summary>
    public bool SortsByScore => Sort is null || (Sort.Count > 0 && Sort[0].IsScore);
}
