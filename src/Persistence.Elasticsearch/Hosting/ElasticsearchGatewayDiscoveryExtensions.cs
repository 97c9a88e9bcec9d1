using Coordination.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>Lets a cluster client find its gateways in the membership table the silos keep in Elasticsearch.</summary>
public static class ElasticsearchGatewayDiscoveryExtensions
{
    /// <summary>
    /// Makes the cluster client (<c>AddCoordinationClient</c> or <c>UseCoordinationClient</c>) discover its gateways
    /// in the cluster's membership table in Elasticsearch instead of using a fixed list: the gateway of every
    /// Active silo, read again every <c>Coordination:Client:GatewayListRefreshInterval</c> and whenever a gateway is
    /// lost. The connection binds from <c>Coordination:Storage:Elasticsearch</c> and the index from
    /// <c>Coordination:Membership:Elasticsearch</c>, the sections the silos read, so one settings file can serve
    /// both; the cluster id is the client's. Validated at start-up. It only reads.
    /// </summary>
    public static IServiceCollection AddElasticsearchGatewayDiscovery(
        this IServiceCollection services,
        IConfiguration? configuration = null,
        Action<ElasticsearchClientOptions>? configureConnection = null,
        Action<ElasticsearchMembershipOptions>? configureMembership = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var connection = ElasticsearchSiloBuilderExtensions.AddElasticsearchClient(services, configuration, clientClock: null);
        if (configureConnection is not null)
        {
            connection.Configure(configureConnection);
        }

        var membership = ElasticsearchSiloBuilderExtensions.AddMembershipOptions(services, configuration, _ => new ElasticsearchMembershipOptionsValidator());
        if (configureMembership is not null)
        {
            membership.Configure(configureMembership);
        }

        services.Replace(ServiceDescriptor.Singleton<IGatewayListProvider>(sp => new ElasticsearchGatewayListProvider(
            sp.GetRequiredService<ElasticsearchClient>(),
            sp.GetRequiredService<IOptions<ClusterClientOptions>>().Value.ClusterId,
            sp.GetRequiredService<IOptions<ElasticsearchMembershipOptions>>().Value.Index)));
        return services;
    }
}
