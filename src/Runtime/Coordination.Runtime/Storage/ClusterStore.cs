namespace Coordination.Runtime.Storage;

/// <summary>
/// The store that keeps a silo's lock state, as the membership table records it. Every silo of a cluster
/// must share one store: the store's compare-and-set keeps one owner per lock only if every activation of a
/// key, on whichever silo, reads and writes the same document. A silo whose store differs from the running
/// silos' is refused when it tries to join.
/// </summary>
/// <param name="Identity">
/// Equal for silos that share the store (<c>elasticsearch:coordination-locks</c>), unique for a store only
/// one silo can see (<c>memory:…</c>), empty for a custom store that declares nothing (never compared).
/// </param>
public sealed record ClusterStore(string Identity)
{
    private const string MemoryPrefix = "memory:";
    private const string PrivatePrefix = MemoryPrefix + "private-";

    /// <summary>A store that declares nothing; silos using it are not compared.</summary>
    public static ClusterStore Undeclared { get; } = new(string.Empty);

    /// <summary>Memory inside one silo: it cannot be shared, so that silo can only be a cluster of one.</summary>
    public static ClusterStore PrivateMemory() => new(PrivatePrefix + Guid.NewGuid().ToString("N"));

    /// <summary>One memory store shared by the silos of one process (a test cluster), named <paramref name="name"/>.</summary>
    public static ClusterStore SharedMemory(string name) => new(MemoryPrefix + name);

    /// <summary>The store as it reads in an operator's message.</summary>
    public static string Describe(string? identity) => identity switch
    {
        null or "" => "an undeclared store",
        _ when identity.StartsWith(PrivatePrefix, StringComparison.Ordinal) => "memory (this silo only)",
        _ when identity.StartsWith(MemoryPrefix, StringComparison.Ordinal) => $"memory shared in one process ({identity[MemoryPrefix.Length..]})",
        _ => identity,
    };

    public bool IsPrivate => Identity.StartsWith(PrivatePrefix, StringComparison.Ordinal);

    public override string ToString() => Describe(Identity);
}
