namespace Coordination.Persistence.Elasticsearch;

/// <summary>
/// Where a cluster's membership table lives in Elasticsearch. Bound from <c>Coordination:Membership:Elasticsearch</c>;
/// the connection settings are the grain storage's (<c>Coordination:Storage:Elasticsearch</c>), one client serving both.
/// </summary>
public sealed class ElasticsearchMembershipOptions
{
    public const string SectionName = "Coordination:Membership:Elasticsearch";

    /// <summary>
    /// The index holding each cluster's table (one document, id = the cluster id) and its silos' heartbeats.
    /// Default <c>coordination-membership</c>. It must be a valid index name, stay clear of Elasticsearch's
    /// built-in data-stream patterns (<c>logs-*-*</c> and the like) and differ from the lock index.
    /// </summary>
    public string Index { get; set; } = DefaultIndex;

    /// <summary>The membership index used when none is configured.</summary>
    public const string DefaultIndex = "coordination-membership";

    /// <summary>The name of the composable index template installed before first use: the index name.</summary>
    public string TemplateName => Index;
}
