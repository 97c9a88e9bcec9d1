using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Coordination.Runtime.Hosting;
using Coordination.Runtime.Storage;
using Coordination.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>Adds Elasticsearch storage and membership to a silo.</summary>
public static partial class ElasticsearchSiloBuilderExtensions
{
    /// <summary>The key of the clock given for the client's timeouts and retry delays, when one was.</summary>
    private const string ClientClockKey = "Coordination.Persistence.Elasticsearch.ClientClock";

    /// <summary>
    /// Stores grain state in Elasticsearch under <paramref name="name"/> (the default storage when omitted).
    /// Settings bind from <c>Coordination:Storage:Elasticsearch</c> and are validated at start-up; the server
    /// version is checked and the index template installed before the silo serves.
    /// </summary>
    /// <param name="clientClock">
    /// The clock of request timeouts and retry delays. Default: real time, even when the silo runs on a
    /// manual clock, because a test's frozen clock must not freeze network I/O. Pass a clock to drive
    /// timeouts deterministically.
    /// </param>
    public static ISiloBuilder AddElasticsearchGrainStorage(
        this ISiloBuilder builder,
        string name = GrainStorageResolver.DefaultName,
        Action<ElasticsearchClientOptions>? configureClient = null,
        Action<ElasticsearchStorageOptions>? configureStorage = null,
        TimeProvider? clientClock = null)
    {
        var services = builder.Services;
        var client = builder.AddElasticsearchClient(clientClock);
        if (configureClient is not null)
        {
            client.Configure(configureClient);
        }

        var storage = services.AddOptions<ElasticsearchStorageOptions>();
        if (builder.Configuration is not null)
        {
            storage.Bind(builder.Configuration.GetSection(ElasticsearchStorageOptions.SectionName));
        }

        if (configureStorage is not null)
        {
            storage.Configure(configureStorage);
        }

        storage.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ElasticsearchStorageOptions>, ElasticsearchStorageOptionsValidator>());
        services.TryAddSingleton<ElasticsearchStorageInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<ElasticsearchStorageInitializer>());
        services.TryAddSingleton<ElasticsearchLockDirectory>();
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) => new ElasticsearchGrainStorage(
            name,
            sp.GetRequiredService<ElasticsearchClient>(),
            sp.GetRequiredService<ElasticsearchStorageInitializer>(),
            sp.GetRequiredService<IOptions<ElasticsearchStorageOptions>>(),
            DocumentSerializer));
        if (name == GrainStorageResolver.DefaultName)
        {
            // Silos share the store when they share the index (their URLs may name different nodes).
            services.Replace(ServiceDescriptor.Singleton(sp => new ClusterStore(
                "elasticsearch:" + sp.GetRequiredService<IOptions<ElasticsearchStorageOptions>>().Value.Index)));
        }

        return builder;
    }

    /// <summary>
    /// Registers the one <see cref="ElasticsearchClient"/> a silo uses for everything it keeps in Elasticsearch:
    /// its settings bound from <c>Coordination:Storage:Elasticsearch</c>, normalised and validated at start-up.
    /// Later calls add nothing but <paramref name="clientClock"/> when none was given before, so every
    /// Elasticsearch feature of the silo shares the client and its connections.
    /// </summary>
    internal static OptionsBuilder<ElasticsearchClientOptions> AddElasticsearchClient(this ISiloBuilder builder, TimeProvider? clientClock) =>
        AddElasticsearchClient(builder.Services, builder.Configuration, clientClock);

    /// <summary>As the silo's, for any host: <paramref name="configuration"/> is where the settings bind from (none: defaults).</summary>
    internal static OptionsBuilder<ElasticsearchClientOptions> AddElasticsearchClient(IServiceCollection services, IConfiguration? configuration, TimeProvider? clientClock)
    {
        var client = services.AddOptions<ElasticsearchClientOptions>();
        if (clientClock is not null)
        {
            services.TryAddKeyedSingleton(ClientClockKey, clientClock);
        }

        // Binding twice would append each configured URL twice.
        if (services.Any(d => d.ServiceType == typeof(ElasticsearchClient)))
        {
            return client;
        }

        if (configuration is not null)
        {
            client.Bind(configuration.GetSection(ElasticsearchStorageOptions.SectionName));
        }

        // "http://a:9200,http://b:9200" in one setting (handy in an environment variable) means two nodes.
        client.PostConfigure(o =>
        {
            o.Urls = [.. o.Urls.SelectMany(u => u.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct()];
            if (o.Urls.Count == 0)
            {
                o.Urls.Add(ElasticsearchClientOptions.DefaultUrl);
            }
        });
        client.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ElasticsearchClientOptions>, ElasticsearchStorageOptionsValidator>());

        // The clock is looked up when the client is built, not captured here, so it does not matter which
        // feature was registered first.
        services.TryAddSingleton(sp => new ElasticsearchClient(
            sp.GetRequiredService<IOptions<ElasticsearchClientOptions>>().Value,
            sp.GetKeyedService<TimeProvider>(ClientClockKey) ?? TimeProvider.System,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<ElasticsearchClient>()));
        return client;
    }

    /// <summary>Lock documents as the index template maps them: snake_case fields, enum names as strings.</summary>
    internal static readonly GrainStateSerializer DocumentSerializer = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    });
}
