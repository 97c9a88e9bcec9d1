namespace Coordination.Client;

/// <summary>How a <see cref="ClusterClient"/> finds and joins its cluster. Bound from <c>Coordination:Client</c>.</summary>
public sealed class ClusterClientOptions
{
    public const string SectionName = "Coordination:Client";

    /// <summary>The gateway used when none is configured and none is discovered: a silo on this machine with default ports.</summary>
    public const string DefaultGateway = "127.0.0.1:30000";

    /// <summary>The cluster to join; gateways of any other cluster refuse the client. Default <c>dev</c>, as a silo's.</summary>
    public string ClusterId { get; set; } = "dev";

    /// <summary>
    /// Gateways to connect to, as <c>host:port</c> (<c>10.0.0.5:30000</c>, <c>silo-1.internal:30000</c>,
    /// <c>[::1]:30000</c>). Default: none listed, which means <see cref="DefaultGateway"/>, unless gateways are
    /// discovered from the membership table instead.
    /// </summary>
    public List<string> Gateways { get; set; } = [];

    /// <summary>
    /// How often a discovered gateway list is read again; it is also read whenever a gateway is lost.
    /// Unused with a static list. Default 30 seconds; 100 ms to 1 hour.
    /// </summary>
    public TimeSpan GatewayListRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How the client names itself to gateways, in their logs. Default <c>client-{machine}-{process id}</c>.</summary>
    public string ClientName { get; set; } = $"client-{Environment.MachineName}-{Environment.ProcessId}";
}
