using Coordination.Persistence.Elasticsearch;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Hosting;
using Orleans.Providers;

[assembly: RegisterProvider("Elasticsearch", "Clustering", "Silo", typeof(ElasticsearchClusteringProviderBuilder))]
[assembly: RegisterProvider("Elasticsearch", "Clustering", "Client", typeof(ElasticsearchClusteringProviderBuilder))]

namespace Coordination.Persistence.Elasticsearch;

/// <summary>
/// Lets configuration choose Elasticsearch clustering: <c>Orleans:Clustering:ProviderType</c> = <c>Elasticsearch</c>,
/// with <c>Index</c> and the connection settings (<c>Urls</c>, <c>Username</c>, …) flat beside it in the same section.
/// </summary>
internal sealed class ElasticsearchClusteringProviderBuilder : IProviderBuilder<ISiloBuilder>, IProviderBuilder<IClientBuilder>
{
    public void Configure(ISiloBuilder builder, string? name, IConfigurationSection configurationSection) =>
        builder.UseElasticsearchClustering((OptionsBuilder<ElasticsearchClusteringOptions> options) => options.Configure(o => Bind(configurationSection, o)));

    public void Configure(IClientBuilder builder, string? name, IConfigurationSection configurationSection) =>
        builder.UseElasticsearchClustering((OptionsBuilder<ElasticsearchClusteringOptions> options) => options.Configure(o => Bind(configurationSection, o)));

    private static void Bind(IConfigurationSection section, ElasticsearchClusteringOptions options)
    {
        section.Bind(options);
        section.BindElasticsearch(options.Connection);
    }
}
