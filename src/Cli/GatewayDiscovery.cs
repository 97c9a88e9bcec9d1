using System.Net;
using System.Net.Sockets;
using Coordination.Persistence.Elasticsearch;

namespace Coordination.Cli;

/// <summary>
/// Where coord's Orleans client finds the gateways of the cluster: the one place that decides, between the command
/// line and Orleans' clustering: either the <c>--gateway</c> list, given to Orleans with <c>UseStaticClustering</c>
/// once host names are resolved, or (<c>--elasticsearch</c>) the active silos' gateways that the cluster's
/// Elasticsearch membership table lists, with <c>UseElasticsearchClustering</c>, read-only.
/// </summary>
/// <remarks>
/// <see cref="ClusterConnection"/> only calls <see cref="ConfigureClient"/>, names the gateways in messages, and
/// matches the endpoints Orleans reports failures for with <see cref="Describe(IPEndPoint)"/>.
/// </remarks>
internal sealed class GatewayDiscovery
{
    private readonly Dictionary<IPEndPoint, GatewayAddress> _endpoints;
    private readonly CommonValues? _elasticsearch;

    private GatewayDiscovery(IReadOnlyList<GatewayAddress> gateways, Dictionary<IPEndPoint, GatewayAddress> endpoints, IReadOnlyList<(GatewayAddress Gateway, string Reason)> unresolved, CommonValues? elasticsearch = null)
    {
        Gateways = gateways;
        _endpoints = endpoints;
        Unresolved = unresolved;
        _elasticsearch = elasticsearch;
    }

    /// <summary>True when the gateways come from the Elasticsearch membership table rather than the command line.</summary>
    public bool FromMembershipTable => _elasticsearch is not null;

    /// <summary>Where the gateways are, as <paramref name="common"/> says: named, or listed in Elasticsearch.</summary>
    public static Task<GatewayDiscovery> ForAsync(CommonValues common, CancellationToken cancellationToken) =>
        common.ElasticsearchUrls.Count > 0
            ? Task.FromResult(new GatewayDiscovery([], [], [], common))
            : ResolveAsync(common.Gateways, cancellationToken);

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
    public void ConfigureClient(IClientBuilder client)
    {
        if (_elasticsearch is { } common)
        {
            client.UseElasticsearchClustering(options =>
            {
                options.Connection.Urls = [.. common.ElasticsearchUrls];
                options.Connection.RequestTimeout = common.Timeout;
                options.Index = common.MembershipIndex;
            });
            return;
        }

        client.UseStaticClustering([.. _endpoints.Keys]);
    }

    /// <summary>How to name <paramref name="endpoint"/> to the user: as they wrote it, with the address when a name resolved to it.</summary>
    public string Describe(IPEndPoint endpoint) =>
        _endpoints.TryGetValue(endpoint, out var gateway)
            ? IPAddress.TryParse(gateway.Host, out _) ? gateway.Text : $"{gateway.Text} ({endpoint})"
            : endpoint.ToString();

    /// <summary>"gateway a" or "gateways a, b", for messages.</summary>
    public string Naming() => _elasticsearch is { } common
        ? $"the gateways listed in Elasticsearch index {common.MembershipIndex}"
        : $"gateway{(Gateways.Count == 1 ? string.Empty : "s")} {string.Join(", ", Gateways)}";
}
