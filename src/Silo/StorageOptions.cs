namespace Coordination.Silo;

/// <summary>Which store keeps lock state, and where the membership table lives. Bound from <c>Coordination:Storage</c> and <c>Coordination:Membership</c>.</summary>
internal sealed class StorageOptions
{
    public const string SectionName = "Coordination:Storage";

    /// <summary>
    /// <c>Memory</c> (default): Orleans' memory grain storage, in this silo only and lost when it stops; for one
    /// development silo. <c>Elasticsearch</c>: shared and durable, for clusters; see <c>Coordination:Storage:Elasticsearch</c>.
    /// </summary>
    public string Provider { get; set; } = "Memory";

    public bool IsElasticsearch => string.Equals(Provider, "Elasticsearch", StringComparison.OrdinalIgnoreCase);

    public bool IsMemory => string.Equals(Provider, "Memory", StringComparison.OrdinalIgnoreCase);

    /// <summary>The problem with <see cref="Provider"/>, or null when it names a known store.</summary>
    public string? Problem => IsMemory || IsElasticsearch
        ? null
        : $"{SectionName}:Provider is '{Provider}'; use Memory (one development silo) or Elasticsearch (a cluster).";
}
