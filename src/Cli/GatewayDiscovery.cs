using System.Net;
using System.Net.Sockets;

namespace Coordination.Cli;

/// <summary>
/// Where coord's Orleans client finds the gateways of the cluster: the one place that decides, between the command
/// line and Orleans' clustering. Today that is the <c>--gateway</c> list, given to Orleans with
/// <c>UseStaticClustering</c> once host names are resolved.
/// </summary>
/// <remarks>
/// Discovering the gateways in the silos' Elasticsearch membership table instead
/// (<c>clientBuilder.UseElasticsearchClustering(...)</c>) is another way of filling in <see cref="ConfigureClient"/>,
/// chosen by options of its own; <see cref="ClusterConnection"/> only calls <see cref="ConfigureClient"/>, names
/// <see cref="Gateways"/> in messages, and matches the endpoints Orleans reports failures for with
/// <see cref="Describe(IPEndPoint)"/>.
/// </remarks>
internal sealed class GatewayDiscovery
{
    private readonly Dictionary<IPEndPoint, GatewayAddress> _endpoints;

    private GatewayDiscovery(IReadOnlyList<GatewayAddress> gateways, Dictionary<IPEndPoint, GatewayAddress> endpoints, IReadOnlyList<(GatewayAddress Gateway, string Reason)> unresolved)
    {
        Gateways = gateways;
        _endpoints = endpoints;
        Unresolved = unresolved;
    }

    /// <summary>The gateways as the user named them.</summary>
    public IReadOnlyList<GatewayAddress> Gateways { get; }

    /// <summary>Gateways whose host name did not resolve, each with the reason; Orleans is never given them.</summary>
    public IReadOnlyList<(GatewayAddress Gateway, string Reason)> Unresolved { get; }

    /// <summary>The endpoints Orleans will connect to; empty when no gateway resolved.</summary>
    public IReadOnlyCollection<IPEndPoint> Endpoints => _endpoints.Keys;

    /// <summary>Resolves host names (an address stays as it is; a name may give several endpoints).</summary>
    public static async Task<GatewayDiscovery> ResolveAsync(IReadOnlyList<GatewayAddress> gateways, CancellationToken cancellationToken)
    {
        var endpoints = new Dictionary<IPEndPoint, GatewayAddress>();
        var unresolved = new List<(GatewayAddress, string)>();
        foreach (var gateway in gateways)
        {
            IPAddress[] addresses;
            if (IPAddress.TryParse(gateway.Host, out var address))
            {
                addresses = [address];
            }
            else
            {
                try
                {
                    addresses = await Dns.GetHostAddressesAsync(gateway.Host, cancellationToken).ConfigureAwait(false);
                }
                catch (SocketException failure)
                {
                    unresolved.Add((gateway, $"the host name could not be resolved ({failure.Message})"));
                    continue;
                }
            }

            // Silos usually listen on IPv4; trying those first spares a refused IPv6 attempt on names such as localhost.
            foreach (var resolved in addresses.OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1))
            {
                endpoints.TryAdd(new IPEndPoint(resolved, gateway.Port), gateway);
            }

            if (addresses.Length == 0)
            {
                unresolved.Add((gateway, "the host name has no address"));
            }
        }

        return new GatewayDiscovery(gateways, endpoints, unresolved);
    }

    /// <summary>Tells the Orleans client where the gateways are.</summary>
    public void ConfigureClient(IClientBuilder client) => client.UseStaticClustering([.. _endpoints.Keys]);

    /// <summary>How to name <paramref name="endpoint"/> to the user: as they wrote it, with the address when a name resolved to it.</summary>
    public string Describe(IPEndPoint endpoint) =>
        _endpoints.TryGetValue(endpoint, out var gateway)
            ? IPAddress.TryParse(gateway.Host, out _) ? gateway.Text : $"{gateway.Text} ({endpoint})"
            : endpoint.ToString();

    /// <summary>"gateway a" or "gateways a, b", for messages.</summary>
    public string Naming() => $"gateway{(Gateways.Count == 1 ? string.Empty : "s")} {string.Join(", ", Gateways)}";
}
