using Coordination.Persistence.Elasticsearch;
using Elastic.Clients.Elasticsearch;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Providers;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;

namespace Coordination.Testing.Elasticsearch;

/// <summary>An Elasticsearch grain storage built directly (outside a silo), for tests that need the store itself.</summary>
public sealed class TestElasticsearchStorage : IDisposable
{
    private readonly ServiceProvider _serialization;

    public TestElasticsearchStorage(TestElasticsearch elasticsearch, Action<ElasticsearchGrainStorageOptions>? configure = null, string name = ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME)
    {
        ArgumentNullException.ThrowIfNull(elasticsearch);
        Options = elasticsearch.StorageOptions(configure);

        // Orleans creates the fresh state of a missing record with its activators; so does the storage.
        _serialization = new ServiceCollection().AddSerializer().BuildServiceProvider();
        Storage = new ElasticsearchGrainStorage(name, Options, _serialization.GetRequiredService<IActivatorProvider>(), NullLogger<ElasticsearchGrainStorage>.Instance);
        Directory = new ElasticsearchLockDirectory(Storage);
        Client = elasticsearch.CreateClient();
    }

    public ElasticsearchGrainStorageOptions Options { get; }

    public ElasticsearchGrainStorage Storage { get; }

    public ElasticsearchLockDirectory Directory { get; }

    /// <summary>A separate official client of the same cluster, for looking at the documents.</summary>
    public ElasticsearchClient Client { get; }

    public void Dispose()
    {
        Storage.Dispose();
        _serialization.Dispose();
    }
}
