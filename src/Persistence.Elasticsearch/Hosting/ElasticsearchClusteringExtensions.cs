using Elastic.Clients.Elasticsearch;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Hosting;
using Orleans.Messaging;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>
/// Keeps a cluster's membership in Elasticsearch: silos use <see cref="ElasticsearchMembershipTable"/>, clients find
/// gateways with <see cref="ElasticsearchGatewayListProvider"/>. The cluster id is Orleans' <c>ClusterOptions.ClusterId</c>;
/// the settings are validated when the silo or client starts.
/// </summary>
public static class ElasticsearchClusteringExtensions
{
    /// <summary>Makes the silo keep its cluster's membership table in Elasticsearch.</summary>
    public static ISiloBuilder UseElasticsearchClustering(this ISiloBuilder builder, Action<ElasticsearchClusteringOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(configureOptions);
        return builder.UseElasticsearchClustering(ob => ob.Configure(configureOptions));
    }

    /// <summary>Makes the silo keep its cluster's membership table in Elasticsearch, configured through the options builder.</summary>
    public static ISiloBuilder UseElasticsearchClustering(this ISiloBuilder builder, Action<OptionsBuilder<ElasticsearchClusteringOptions>>? configureOptions = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        configureOptions?.Invoke(services.AddOptions<ElasticsearchClusteringOptions>());
        AddValidator(services);
        services.TryAddSingleton<ElasticsearchMembershipTable>();

        // Choosing a membership table is "the last choice wins", as with Orleans' own UseXxxClustering.
        services.RemoveAll<IMembershipTable>();
        services.AddSingleton<IMembershipTable>(sp => sp.GetRequiredService<ElasticsearchMembershipTable>());
        return builder;
    }

    /// <summary>
    /// Makes the silo keep its cluster's membership table in Elasticsearch through the application's own client, used
    /// as it is configured; the connection settings other than <c>RequestTimeout</c> and the retry settings are then not used.
    /// </summary>
    /// <param name="client">Gives the client, once, when the table is first used; it is not disposed by the table.</param>
    public static ISiloBuilder UseElasticsearchClustering(
        this ISiloBuilder builder, Func<IServiceProvider, ElasticsearchClient> client, Action<ElasticsearchClusteringOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddClient(builder.Services, client);
        return builder.UseElasticsearchClustering(ob => ob.Configure(WithClient(configureOptions)));
    }

    /// <summary>Makes the client find the cluster's gateways in Elasticsearch through the application's own Elasticsearch client.</summary>
    /// <param name="client">Gives the client, once, when gateways are first listed; it is not disposed by the provider.</param>
    public static IClientBuilder UseElasticsearchClustering(
        this IClientBuilder builder, Func<IServiceProvider, ElasticsearchClient> client, Action<ElasticsearchClusteringOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddClient(builder.Services, client);
        return builder.UseElasticsearchClustering(ob => ob.Configure(WithClient(configureOptions)));
    }

    /// <summary>Makes the client find the cluster's gateways in its membership table in Elasticsearch.</summary>
    public static IClientBuilder UseElasticsearchClustering(this IClientBuilder builder, Action<ElasticsearchClusteringOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(configureOptions);
        return builder.UseElasticsearchClustering(ob => ob.Configure(configureOptions));
    }

    /// <summary>Makes the client find the cluster's gateways in Elasticsearch, configured through the options builder.</summary>
    public static IClientBuilder UseElasticsearchClustering(this IClientBuilder builder, Action<OptionsBuilder<ElasticsearchClusteringOptions>>? configureOptions = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        configureOptions?.Invoke(services.AddOptions<ElasticsearchClusteringOptions>());
        AddValidator(services);
        services.RemoveAll<IGatewayListProvider>();
        services.AddSingleton<IGatewayListProvider, ElasticsearchGatewayListProvider>();
        return builder;
    }

    private const string ClientServiceKey = "Coordination.Elasticsearch.Clustering";

    private static void AddClient(IServiceCollection services, Func<IServiceProvider, ElasticsearchClient> client)
    {
        ArgumentNullException.ThrowIfNull(client);
        services.AddKeyedSingleton(ClientServiceKey, (sp, _) => client(sp));
    }

    private static Action<ElasticsearchClusteringOptions> WithClient(Action<ElasticsearchClusteringOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(configureOptions);
        return options =>
        {
            configureOptions(options);
            options.Connection.ClientServiceKey = ClientServiceKey;
        };
    }

    private static void AddValidator(IServiceCollection services) =>
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigurationValidator, ElasticsearchClusteringOptionsValidator>());
}
