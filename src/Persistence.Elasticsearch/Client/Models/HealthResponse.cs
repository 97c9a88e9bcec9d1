using System.Text.Json.Serialization;

namespace Coordination.Persistence.Elasticsearch.Models;

internal sealed class HealthResponse
{
    [JsonPropertyName("cluster_name")]
    public string? ClusterName { get; set; }

    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("timed_out")]
    public bool TimedOut { get; set; }

    [JsonPropertyName("number_of_nodes")]
    public int NumberOfNodes { get; set; }

    [JsonPropertyName("active_shards")]
    public int ActiveShards { get; set; }

    [JsonPropertyName("unassigned_shards")]
    public int UnassignedShards { get; set; }
}
