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

    /// <summary>The port other silos connect to. Default 11111; 0 picks a free port (test clusters).</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>
    /// The port clients connect to (the gateway), separate from the silo port so that the two kinds of
    /// peer never mix. Default 30000; 0 picks a free port (test clusters). It is recorded in the membership
    /// table, where clients can discover it.
    /// </summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address the silo listens on. Default <c>0.0.0.0</c> (every interface).</summary>
    public string ListenAddress { get; set; } = "0.0.0.0";

    /// <summary>
    /// The address other silos use to reach this one, recorded in the membership table. Default
    /// <c>127.0.0.1</c>, which suits silos on one machine; set it to this machine's address when they run on several.
    /// </summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";
}
