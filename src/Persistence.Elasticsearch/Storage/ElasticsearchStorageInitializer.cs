using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>
/// Prepares the cluster before locks are served: checks the server version, waits for the cluster to be
/// at least yellow, installs the lock index template and creates the index. Runs at start-up so that a
/// bad cluster stops the silo with a clear message; storage operations also wait for it, and retry it if
/// it failed, so nothing is ever written to an index created without its template.
/// </summary>
public sealed class ElasticsearchStorageInitializer(ElasticsearchClient client, IOptions<ElasticsearchStorageOptions> options) : IHostedService
{
    private readonly object _gate = new();
    private Task? _initialized;

    public Task EnsureInitializedAsync(CancellationToken cancellationToken)
    {
        Task initialized;
        lock (_gate)
        {
            if (_initialized is null || _initialized.IsFaulted || _initialized.IsCanceled)
            {
                _initialized = InitializeAsync();
            }

            initialized = _initialized;
        }

        return initialized.IsCompletedSuccessfully ? Task.CompletedTask : initialized.WaitAsync(cancellationToken);
    }

    public Task StartAsync(CancellationToken cancellationToken) => EnsureInitializedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task InitializeAsync()
    {
        var settings = options.Value;
        try
        {
            await client.CheckServerAsync(CancellationToken.None).ConfigureAwait(false);
            if (settings.StartupHealthTimeout > TimeSpan.Zero)
            {
                var (status, _) = await client.WaitForHealthAsync(null, "yellow", settings.StartupHealthTimeout, CancellationToken.None).ConfigureAwait(false);
                if (status == "red")
                {
                    throw new ElasticsearchException($"the cluster is red after waiting {settings.StartupHealthTimeout} for yellow; some primary shards are not allocated");
                }
            }

            await client.PutIndexTemplateAsync(settings.TemplateName, LockIndexTemplate.Build(settings), CancellationToken.None).ConfigureAwait(false);
            await client.CreateIndexAsync(settings.Index, CancellationToken.None).ConfigureAwait(false);
        }
        catch (ElasticsearchException exception)
        {
            throw new ElasticsearchStartupException(
                $"Elasticsearch storage could not start against {string.Join(", ", client.NodeUrls)}: {exception.Message}", exception);
        }
    }
}
