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

/// <summary>Adds Elasticsearch storage to a silo.</summary>
public static class ElasticsearchSiloBuilderExtensions
{
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
        var client = services.AddOptions<ElasticsearchClientOptions>();
        var storage = services.AddOptions<ElasticsearchStorageOptions>();
        if (builder.Configuration is not null)
        {
            var section = builder.Configuration.GetSection(ElasticsearchStorageOptions.SectionName);
            client.Bind(section);
            storage.Bind(section);
        }

        if (configureClient is not null)
        {
            client.Configure(configureClient);
        }

        if (configureStorage is not null)
        {
            storage.Configure(configureStorage);
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
        storage.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ElasticsearchClientOptions>, ElasticsearchStorageOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ElasticsearchStorageOptions>, ElasticsearchStorageOptionsValidator>());

        services.TryAddSingleton(sp => new ElasticsearchClient(
            sp.GetRequiredService<IOptions<ElasticsearchClientOptions>>().Value,
            clientClock ?? TimeProvider.System,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<ElasticsearchClient>()));
        services.TryAddSingleton<ElasticsearchStorageInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<ElasticsearchStorageInitializer>());
        services.TryAddSingleton<ElasticsearchLockDirectory>();
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) => new ElasticsearchGrainStorage(
            name,
            sp.GetRequiredService<ElasticsearchClient>(),
            sp.GetRequiredService<ElasticsearchStorageInitializer>(),
            sp.GetRequiredService<IOptions<ElasticsearchStorageOptions>>(),
            DocumentSerializer));
        return builder;
    }

    /// <summary>Lock documents as the index template maps them: snake_case fields, enum names as strings.</summary>
    internal static readonly GrainStateSerializer DocumentSerializer = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    });
}
