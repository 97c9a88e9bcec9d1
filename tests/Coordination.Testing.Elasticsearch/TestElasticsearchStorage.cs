using Coordination.Persistence.Elasticsearch;
using Coordination.Runtime.Storage;
using Microsoft.Extensions.Options;

namespace Coordination.Testing.Elasticsearch;

/// <summary>An Elasticsearch grain storage built directly (outside a silo), for tests that need the store itself.</summary>
public sealed class TestElasticsearchStorage : IDisposable
{
    public TestElasticsearchStorage(TestElasticsearch elasticsearch, TimeProvider? clock = null, Action<ElasticsearchClientOptions>? configure = null)
    {
        Client = new ElasticsearchClient(elasticsearch.ClientOptions(configure), clock ?? TimeProvider.System);
        var options = Options.Create(elasticsearch.StorageOptions());
        Initializer = new ElasticsearchStorageInitializer(Client, options);
        Storage = new ElasticsearchGrainStorage(GrainStorageResolver.DefaultName, Client, Initializer, options, ElasticsearchSiloBuilderExtensions.DocumentSerializer);
        Directory = new ElasticsearchLockDirectory(Client, Initializer, options);
    }

    public ElasticsearchClient Client { get; }

    public ElasticsearchStorageInitializer Initializer { get; }

    public ElasticsearchGrainStorage Storage { get; }

    public ElasticsearchLockDirectory Directory { get; }

    public void Dispose() => Client.Dispose();
}
