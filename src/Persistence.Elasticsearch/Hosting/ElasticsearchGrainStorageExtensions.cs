using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>
/// Adds Elasticsearch grain storage to a silo, as Orleans' own storage providers are added: by name, with named
/// options, validated when the silo starts, initialised in the silo lifecycle. Each named storage also gets an
/// <see cref="ElasticsearchLockDirectory"/> (a keyed service under its name; the default storage's is also the
/// unkeyed one).
/// </summary>
public static class ElasticsearchGrainStorageExtensions
{
    /// <summary>Adds Elasticsearch grain storage named <paramref name="name"/>.</summary>
    public static ISiloBuilder AddElasticsearchGrainStorage(this ISiloBuilder builder, string name, Action<ElasticsearchGrainStorageOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(configureOptions);
        return builder.AddElasticsearchGrainStorage(name, ob => ob.Configure(configureOptions));
    }

    /// <summary>Adds Elasticsearch grain storage named <paramref name="name"/>, configured through its options builder (binding, validation, dependencies).</summary>
    public static ISiloBuilder AddElasticsearchGrainStorage(
        this ISiloBuilder builder, string name, Action<OptionsBuilder<ElasticsearchGrainStorageOptions>>? configureOptions = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddElasticsearchGrainStorage(name, configureOptions);
        return builder;
    }

    /// <summary>Adds Elasticsearch grain storage as the default storage (the one grains get when they name none).</summary>
    public static ISiloBuilder AddElasticsearchGrainStorageAsDefault(this ISiloBuilder builder, Action<ElasticsearchGrainStorageOptions> configureOptions) =>
        builder.AddElasticsearchGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);

    /// <summary>Adds Elasticsearch grain storage as the default storage, configured through its options builder.</summary>
    public static ISiloBuilder AddElasticsearchGrainStorageAsDefault(this ISiloBuilder builder, Action<OptionsBuilder<ElasticsearchGrainStorageOptions>>? configureOptions = null) =>
        builder.AddElasticsearchGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);

    /// <summary>Adds Elasticsearch grain storage named <paramref name="name"/> to a silo's services.</summary>
    public static IServiceCollection AddElasticsearchGrainStorage(
        this IServiceCollection services, string name, Action<OptionsBuilder<ElasticsearchGrainStorageOptions>>? configureOptions = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        configureOptions?.Invoke(services.AddOptions<ElasticsearchGrainStorageOptions>(name));
        services.AddTransient<IConfigurationValidator>(sp => new ElasticsearchGrainStorageOptionsValidator(Options(sp, name), name));

        // Options are not registered for Orleans' start-up options log: they carry credentials.
        services.AddGrainStorage(name, static (sp, storageName) => ActivatorUtilities.CreateInstance<ElasticsearchGrainStorage>(sp, storageName, Options(sp, storageName)));
        services.AddKeyedSingleton(name, static (sp, key) => new ElasticsearchLockDirectory((ElasticsearchGrainStorage)sp.GetRequiredKeyedService<IGrainStorage>(key)));
        if (name == ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME)
        {
            services.TryAddSingleton(static sp => sp.GetRequiredKeyedService<ElasticsearchLockDirectory>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME));
        }

        if (!services.Any(d => d.ImplementationInstance is ElasticsearchGrainStorageName registered && registered.Name == name))
        {
            services.AddSingleton(new ElasticsearchGrainStorageName(name));
        }
        return services;
    }

    private static ElasticsearchGrainStorageOptions Options(IServiceProvider services, string name) =>
        services.GetRequiredService<IOptionsMonitor<ElasticsearchGrainStorageOptions>>().Get(name);
}

/// <summary>The name of an Elasticsearch grain storage in the silo, so the clustering validator can keep its index clear of the storage's.</summary>
internal sealed record ElasticsearchGrainStorageName(string Name);
