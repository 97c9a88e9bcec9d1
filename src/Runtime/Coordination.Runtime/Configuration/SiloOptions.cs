namespace Coordination.Runtime.Configuration;

/// <summary>Identity of a silo. Bound from the <c>Coordination:Silo</c> configuration section.</summary>
public sealed class SiloOptions
{
    public const string SectionName = "Coordination:Silo";

    /// <summary>A name for logs and metrics. Default: the machine name.</summary>
    public string SiloName { get; set; } = Environment.MachineName;

    /// <summary>
    /// Silos only talk to silos and clients with the same cluster id. Default <c>dev</c>; letters, digits,
    /// '-', '_' and '.', at most 64 characters.
    /// </summary>
    public string ClusterId { get; set; } = "dev";
}
