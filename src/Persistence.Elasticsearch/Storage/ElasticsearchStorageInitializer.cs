using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>
/// Prepares the cluster before locks are served: checks the server version, waits for the cluster to be
/// at least yellow, installs the lock index template and creates the index. Runs at start-up so that a
/// bad cluster stops the silo with a clear message; storage operations also wait for it, and retry it if
/// it failed, so nothing is ever written to an index created without its template.
/// </summary>
public sealed class ElasticsearchStorageInitializer : IHostedService
{
    private readonly ElasticsearchClient _client;
    private readonly IOptions<ElasticsearchStorageOptions> _options;
    private readonly RetryingInitialization _initialization;

    public ElasticsearchStorageInitializer(ElasticsearchClient client, IOptions<ElasticsearchStorageOptions> options)
    {
        _client = client;
        _options = options;
        _initialization = new RetryingInitialization(InitializeAsync);
    }

    public Task EnsureInitializedAsync(CancellationToken cancellationToken) => _initialization.EnsureAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => EnsureInitializedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private Task InitializeAsync()
    {
        var settings = _options.Value;
        return IndexBootstrap.RunAsync(
            _client, "Elasticsearch storage", settings.TemplateName, LockIndexTemplate.Build(settings), settings.Index, settings.StartupHealthTimeout, CancellationToken.None);
    }
}
