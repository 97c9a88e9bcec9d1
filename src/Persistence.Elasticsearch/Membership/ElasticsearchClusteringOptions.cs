namespace Coordination.Persistence.Elasticsearch;

/// <summary>
/// Where a cluster's membership table lives in Elasticsearch and how to reach it. The cluster id is Orleans'
/// <c>ClusterOptions.ClusterId</c>. <see cref="Connection"/> takes the same flat settings as grain storage, so
/// the section that configures the storage can configure it too (bind it onto <see cref="Connection"/>).
/// </summary>
public sealed class ElasticsearchClusteringOptions
{
    /// <summary>The membership index used when none is configured.</summary>
    public const string DefaultIndex = "coordination-membership";

    /// <summary>How to reach the cluster: <c>Urls</c>, credentials, timeouts, retries.</summary>
    public ElasticsearchConnectionOptions Connection { get; set; } = new();

    /// <summary>
    /// The index holding each cluster's table (one document, <c>_id</c> = the cluster id) and its silos'
    /// heartbeats. Default <c>coordination-membership</c>. It must be a valid index name, stay clear of
    /// Elasticsearch's built-in data-stream patterns (<c>logs-*-*</c> and the like) and differ from the grain
    /// storage indices (both would install a template of the same name).
    /// </summary>
    public string Index { get; set; } = DefaultIndex;
}
