using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.IndexManagement;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>An index to prepare, with the composable template (named after the index) that gives it its settings and mappings.</summary>
internal sealed record IndexSetup(string Index, PutIndexTemplateRequest Template);

/// <summary>
/// Prepares indices before anything is written to them: checks the server, optionally waits for the cluster to be at least yellow, installs each index's template and
/// then creates the index, in that order so an index never exists without its mappings.
/// </summary>
internal static class IndexBootstrap
{
    /// <param name="component">What is being prepared, for the error message, e.g. <c>Elasticsearch grain storage "Default"</c>.</param>
    /// <param name="healthTimeout">How long to wait for yellow; zero skips the wait.</param>
    /// <exception cref="ElasticsearchStartupException">Any step failed; the message names the URLs and the cause.</exception>
    public static async Task RunAsync(
        ElasticsearchConnection client, string component, IReadOnlyList<IndexSetup> indices, TimeSpan healthTimeout, CancellationToken cancellationToken)
    {
        try
        {
            await client.CheckServerAsync(cancellationToken).ConfigureAwait(false);
            if (healthTimeout > TimeSpan.Zero)
            {
                var (status, _) = await client.WaitForHealthAsync(HealthStatus.Yellow, healthTimeout, cancellationToken).ConfigureAwait(false);
                if (status == "red")
                {
                    throw new ElasticsearchException($"the cluster is red after waiting {healthTimeout} for yellow; some primary shards are not allocated");
                }
            }

            foreach (var setup in indices)
            {
                await client.PutIndexTemplateAsync(setup.Template, cancellationToken).ConfigureAwait(false);
                await client.CreateIndexAsync(setup.Index, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (ElasticsearchException exception) when (exception is not ElasticsearchStartupException)
        {
            throw StartupFailure(client, component, exception);
        }
    }

    /// <summary>The start-up error of <paramref name="component"/>: the URLs (never credentials) and the cause.</summary>
    public static ElasticsearchStartupException StartupFailure(ElasticsearchConnection client, string component, Exception cause) =>
        new($"{component} could not start against {string.Join(", ", client.NodeUrls)}: {cause.Message}", cause);
}
