using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Messaging;
using Orleans.Runtime;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>
/// Finds a cluster's gateways, for Orleans clients, in the membership table its silos keep in Elasticsearch: the
/// gateway (proxy) endpoint of every Active silo that has one, read by id (realtime). It only reads; it never
/// creates the membership index or installs a template (an index created by a reader would lack the mappings
/// the silos' template gives it), so a client needs no more than read access.
/// </summary>
public sealed class ElasticsearchGatewayListProvider : IGatewayListProvider, IDisposable
{
    private readonly ElasticsearchClusteringOptions _options;
    private readonly string _clusterId;
    private readonly Lazy<DocumentStore> _documentStore;

    public ElasticsearchGatewayListProvider(
        IOptions<ElasticsearchClusteringOptions> options, IOptions<ClusterOptions> clusterOptions, IOptions<GatewayOptions> gatewayOptions, ILogger<ElasticsearchGatewayListProvider> logger,
        IServiceProvider? services = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clusterOptions);
        ArgumentNullException.ThrowIfNull(gatewayOptions);
        _options = options.Value;
        _clusterId = clusterOptions.Value.ClusterId;
        MaxStaleness = gatewayOptions.Value.GatewayListRefreshPeriod;
        // Built on first use: the client runs the configuration validators after creating this provider.
        _documentStore = new Lazy<DocumentStore>(() => new DocumentStore(ElasticsearchConnection.For(_options.Connection, services, logger)));
    }

    public TimeSpan MaxStaleness { get; }

    public bool IsUpdatable => true;

    public Task InitializeGatewayListProvider() => InitializeGatewayListProviderAsync(CancellationToken.None);

    /// <summary>Checks that the cluster is a supported Elasticsearch (a read of its root); writes nothing.</summary>
    /// <exception cref="ElasticsearchStartupException">It could not be reached or is not supported; the message names the URLs and the cause.</exception>
    public async Task InitializeGatewayListProviderAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Documents.CheckServerAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ElasticsearchException failure)
        {
            throw new ElasticsearchStartupException(
                $"Elasticsearch gateway discovery of cluster {_clusterId} could not start against {string.Join(", ", Documents.NodeUrls)}: {failure.Message}", failure);
        }
    }

    public Task<IList<Uri>> GetGateways() => GetGatewaysAsync(CancellationToken.None);

    public async Task<IList<Uri>> GetGatewaysAsync(CancellationToken cancellationToken)
    {
        var rows = await ElasticsearchMembershipTable.ReadRowsWithoutWritingAsync(Documents, _options.Index, _clusterId, cancellationToken).ConfigureAwait(false);
        return rows
            .Where(r => r.Status == SiloStatus.Active && r.ProxyPort != 0)
            .Select(r =>
            {
                var silo = r.Address();
                return SiloAddress.New(silo.Endpoint.Address, r.ProxyPort, silo.Generation).ToGatewayUri();
            })
            .ToList();
    }

    private DocumentStore Documents => _documentStore.Value;

    public void Dispose()
    {
        if (_documentStore.IsValueCreated)
        {
            _documentStore.Value.Dispose();
        }
    }
}
