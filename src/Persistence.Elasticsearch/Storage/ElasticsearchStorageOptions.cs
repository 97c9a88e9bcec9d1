namespace Coordination.Persistence.Elasticsearch;

/// <summary>
/// Where and how grain state lives in Elasticsearch. Bound from <c>Coordination:Storage:Elasticsearch</c>, the
/// same section as the connection settings (<see cref="ElasticsearchClientOptions"/>).
/// </summary>
public sealed class ElasticsearchStorageOptions
{
    public const string SectionName = "Coordination:Storage:Elasticsearch";

    /// <summary>
    /// The index holding one document per lock key. Default <c>coordination-locks</c>. It must be a valid
    /// index name and stay clear of Elasticsearch's built-in data-stream patterns (<c>logs-*-*</c> and the like).
    /// </summary>
    public string Index { get; set; } = "coordination-locks";

    /// <summary>Primary shards of the index. Default 1; 1 to 1024.</summary>
    public int NumberOfShards { get; set; } = 1;

    /// <summary>Replicas of each shard. Default 1; 0 to 16.</summary>
    public int NumberOfReplicas { get; set; } = 1;

    /// <summary>How often new writes become searchable (lock decisions never search). Default <c>1s</c>; an Elasticsearch time value, or <c>-1</c>.</summary>
    public string RefreshInterval { get; set; } = "1s";

    /// <summary>Refresh policy of writes. Default <see cref="RefreshPolicy.None"/>: reads by id are realtime anyway.</summary>
    public RefreshPolicy WriteRefresh { get; set; } = RefreshPolicy.None;

    /// <summary>How long start-up waits for the cluster to be at least yellow. Default 30 seconds; 0 to 10 minutes.</summary>
    public TimeSpan StartupHealthTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The name of the composable index template installed at start-up: the index name.</summary>
    public string TemplateName => Index;
}
