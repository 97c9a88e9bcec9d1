using Coordination.Persistence.Elasticsearch;
using Microsoft.Extensions.Configuration;
using Orleans;
using Orleans.Hosting;
using Orleans.Providers;

[assembly: RegisterProvider("Elasticsearch", "GrainStorage", "Silo", typeof(ElasticsearchGrainStorageProviderBuilder))]

namespace Coordination.Persistence.Elasticsearch;

/// <summary>
/// Lets configuration choose Elasticsearch grain storage: <c>Orleans:GrainStorage:{name}:ProviderType</c> =
/// <c>Elasticsearch</c>, with the storage's settings (<c>Urls</c>, <c>Index</c>, …) beside it in the same section.
/// </summary>
internal sealed class ElasticsearchGrainStorageProviderBuilder : IProviderBuilder<ISiloBuilder>
{
    public void Configure(ISiloBuilder builder, string? name, IConfigurationSection configurationSection) =>
        builder.AddElasticsearchGrainStorage(
            name ?? ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME,
            (Microsoft.Extensions.Options.OptionsBuilder<ElasticsearchGrainStorageOptions> options) => options.Configure(o => configurationSection.BindElasticsearch(o)));
}
