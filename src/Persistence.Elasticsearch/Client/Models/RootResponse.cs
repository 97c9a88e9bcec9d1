using System.Text.Json.Serialization;

namespace Coordination.Persistence.Elasticsearch.Models;

internal sealed class RootResponse
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("cluster_name")]
    public string? ClusterName { get; set; }

    [JsonPropertyName("cluster_uuid")]
    public string? ClusterUuid { get; set; }

    [JsonPropertyName("version")]
    public RootVersion? Version { get; set; }

    [JsonPropertyName("tagline")]
    public string? Tagline { get; set; }
}

internal sealed class RootVersion
{
    [JsonPropertyName("number")]
    public string? Number { get; set; }

    [JsonPropertyName("distribution")]
    public string? Distribution { get; set; }

    [JsonPropertyName("build_flavor")]
    public string? BuildFlavor { get; set; }
}
