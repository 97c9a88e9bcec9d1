namespace Coordination.Persistence.Elasticsearch;

/// <summary>
/// Prepares one index before anything is written to it: checks the server (which also settles the media
/// type a 7.x server needs), optionally waits for the cluster to be at least yellow, installs the index's
/// template and then creates the index, in that order so the index never exists without its mappings.
/// </summary>
internal static class IndexBootstrap
{
    /// <param name="component">What is being prepared, for the error message, e.g. <c>Elasticsearch storage</c>.</param>
    /// <param name="healthTimeout">How long to wait for yellow; zero skips the wait.</param>
    /// <exception cref="ElasticsearchStartupException">Any step failed; the message names the URLs and the cause.</exception>
    public static async Task RunAsync(
        ElasticsearchClient client, string component, string templateName, ReadOnlyMemory<byte> template, string index, TimeSpan healthTimeout, CancellationToken cancellationToken)
    {
        try
        {
            await client.CheckServerAsync(cancellationToken).ConfigureAwait(false);
            if (healthTimeout > TimeSpan.Zero)
            {
                var (status, _) = await client.WaitForHealthAsync(null, "yellow", healthTimeout, cancellationToken).ConfigureAwait(false);
                if (status == "red")
                {
                    throw new ElasticsearchException($"the cluster is red after waiting {healthTimeout} for yellow; some primary shards are not allocated");
                }
            }

            await client.PutIndexTemplateAsync(templateName, template, cancellationToken).ConfigureAwait(false);
            await client.CreateIndexAsync(index, cancellationToken).ConfigureAwait(false);
        }
        catch (ElasticsearchException exception)
        {
            throw new ElasticsearchStartupException(
                $"{component} could not start against {string.Join(", ", client.NodeUrls)}: {exception.Message}", exception);
        }
    }
}
