namespace Coordination.Silo;

/// <summary>Where the membership table lives. Bound from <c>Coordination:Membership</c>.</summary>
internal sealed class MembershipProviderOptions
{
    public const string SectionName = "Coordination:Membership";

    /// <summary>
    /// <c>Memory</c>: in this process, so the silo is a cluster of one. <c>Elasticsearch</c>: the
    /// <c>coordination-membership</c> index, shared by every silo of the cluster. Default: the same as
    /// <c>Coordination:Storage:Provider</c>, so one setting makes a silo a cluster member.
    /// </summary>
    public string? Provider { get; set; }

    public bool IsElasticsearch(StorageOptions storage) =>
        string.Equals(string.IsNullOrWhiteSpace(Provider) ? storage.Provider : Provider, "Elasticsearch", StringComparison.OrdinalIgnoreCase);

    /// <summary>The problem with <see cref="Provider"/>, or null when it is unset or names a known table.</summary>
    public string? Problem => string.IsNullOrWhiteSpace(Provider) || Provider.Equals("Memory", StringComparison.OrdinalIgnoreCase) || Provider.Equals("Elasticsearch", StringComparison.OrdinalIgnoreCase)
        ? null
        : $"{SectionName}:Provider is '{Provider}'; use Memory (a silo on its own) or Elasticsearch (a cluster), or leave it unset to follow Coordination:Storage:Provider.";
}
