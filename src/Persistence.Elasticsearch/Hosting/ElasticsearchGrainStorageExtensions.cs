using Elastic.Clients.Elasticsearch;
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

    /// <summary>
    /// Adds Elasticsearch grain storage named <paramref name="name"/> on the application's own client, used as it is
    /// configured (nodes, credentials, certificates, transport settings); the connection settings of
    /// <paramref name="configureOptions"/> other than <c>RequestTimeout</c> and the retry settings are then not used.
    /// </summary>
    /// <param name="client">Gives the client, once, when the storage is created; it is not disposed by the storage.</param>
    public static ISiloBuilder AddElasticsearchGrainStorage(
        this ISiloBuilder builder, string name, Func<IServiceProvider, ElasticsearchClient> client, Action<ElasticsearchGrainStorageOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(configureOptions);
        var key = ClientServiceKey(name);
        builder.Services.AddKeyedSingleton(key, (sp, _) => client(sp));
        return builder.AddElasticsearchGrainStorage(name, ob => ob.Configure(o =>
        {
            configureOptions(o);
            o.ClientServiceKey = key;
        }));
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
        services.AddTransient<IConfigurationValidator>(sp => new ElasticsearchGrainStorageOptionsValidator(Options(sp, name), name, sp));

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

    /// <summary>The key under which a storage's own client, given to <see cref="AddElasticsearchGrainStorage(ISiloBuilder, string, Func{IServiceProvider, ElasticsearchClient}, Action{ElasticsearchGrainStorageOptions})"/>, is registered.</summary>
    internal static string ClientServiceKey(string name) => $"Coordination.Elasticsearch.GrainStorage.{name}";

    private static ElasticsearchGrainStorageOptions Options(IServiceProvider services, string name) =>
        services.GetRequiredService<IOptionsMonitor<ElasticsearchGrainStorageOptions>>().Get(name);
}

/// <summary>The name of an Elasticsearch grain storage in the silo, so the clustering validator can keep its index clear of the storage's.</summary>
internal sealed record ElasticsearchGrainStorageName(string Name);
