using System.Text.Json;
using System.Text.Json.Serialization;

namespace Coordination.Persistence.Elasticsearch.Models;

internal sealed class GetResponse
{
    [JsonPropertyName("_id")]
    public string? Id { get; set; }

    [JsonPropertyName("_version")]
    public long Version { get; set; }

    [JsonPropertyName("_seq_no")]
    public long SeqNo { get; set; }

    [JsonPropertyName("_primary_term")]
    public long PrimaryTerm { get; set; }

    [JsonPropertyName("found")]
    public bool Found { get; set; }

    [JsonPropertyName("_source")]
    public JsonElement Source { get; set; }
}

internal sealed class WriteResponse
{
    [JsonPropertyName("_id")]
    public string? Id { get; set; }

    [JsonPropertyName("_version")]
    public long Version { get; set; }

    [JsonPropertyName("result")]
    public string? Result { get; set; }

    [JsonPropertyName("_seq_no")]
    public long SeqNo { get; set; }

    [JsonPropertyName("_primary_term")]
    public long PrimaryTerm { get; set; }
}

internal sealed class SearchResponse
{
    [JsonPropertyName("timed_out")]
    public bool TimedOut { get; set; }

    [JsonPropertyName("hits")]
    public SearchHits? Hits { get; set; }
}

internal sealed class SearchHits
{
    [JsonPropertyName("total")]
    public SearchTotal? Total { get; set; }

    [JsonPropertyName("hits")]
    public List<SearchHit>? Hits { get; set; }
}

internal sealed class SearchTotal
{
    [JsonPropertyName("value")]
    public long Value { get; set; }

    [JsonPropertyName("relation")]
    public string? Relation { get; set; }
}

internal sealed class SearchHit
{
    [JsonPropertyName("_id")]
    public string? Id { get; set; }

    [JsonPropertyName("_seq_no")]
    public long? SeqNo { get; set; }

    [JsonPropertyName("_primary_term")]
    public long? PrimaryTerm { get; set; }

    [JsonPropertyName("_source")]
    public JsonElement Source { get; set; }
}
