using System.Text.Json;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>A document as read by id: its source and its etag (<c>seq_no:primary_term</c>).</summary>
internal sealed record StoredDocument(JsonElement Source, string Etag);

/// <summary>What a write must find in place to be applied.</summary>
internal enum Precondition
{
    /// <summary>No document with the id (<c>op_type=create</c>).</summary>
    Absent,

    /// <summary>The document at the given etag (<c>if_seq_no</c> + <c>if_primary_term</c>).</summary>
    AtEtag,

    /// <summary>Nothing: create or overwrite.</summary>
    None,
}

/// <summary>The answer to a write: applied with a new etag, or refused (409) with what Elasticsearch said of the stored document.</summary>
internal sealed record WriteOutcome(bool Applied, string? Etag, string? StoredEtag, string? ConflictReason);

/// <summary>
/// The document operations the providers need, in their terms (etags, preconditions), and the only place that
/// talks to the Elasticsearch client: replacing the client changes this class, not the providers' rules. A write
/// with no usable answer throws <see cref="ElasticsearchWriteOutcomeUnknownException"/>; it is never sent twice.
/// </summary>
internal sealed class DocumentStore(ElasticsearchConnection client) : IDisposable
{
    /// <summary>The node URLs, without credentials, for messages.</summary>
    public IEnumerable<string> NodeUrls => client.NodeUrls;

    /// <summary>Checks the server and installs <paramref name="indices"/> with their templates.</summary>
    /// <exception cref="ElasticsearchStartupException">Any step failed; the message names <paramref name="component"/>, the URLs and the cause.</exception>
    public Task PrepareAsync(string component, IReadOnlyList<IndexSetup> indices, TimeSpan healthTimeout, CancellationToken cancellationToken) =>
        IndexBootstrap.RunAsync(client, component, indices, healthTimeout, cancellationToken);

    /// <summary>Checks that the server is a supported Elasticsearch; writes nothing.</summary>
    public Task CheckServerAsync(CancellationToken cancellationToken) => client.CheckServerAsync(cancellationToken);

    /// <summary>
    /// Reads a document by id (realtime); null when there is none. A missing index is created through its template
    /// unless <paramref name="createMissingIndex"/> is false, when it just reads as no document.
    /// </summary>
    public async Task<StoredDocument?> GetAsync(string index, string id, bool createMissingIndex, CancellationToken cancellationToken)
    {
        var read = createMissingIndex
            ? await client.GetAsync(index, id, cancellationToken).ConfigureAwait(false)
            : await client.GetWithoutCreatingIndexAsync(index, id, cancellationToken).ConfigureAwait(false);
        return read.Found ? new StoredDocument(read.Source, read.Version.Etag) : null;
    }

    /// <summary>Indexes <paramref name="source"/> under <paramref name="precondition"/> (<paramref name="etag"/> for <see cref="Precondition.AtEtag"/>).</summary>
    /// <exception cref="ArgumentException"><paramref name="etag"/> is not an etag this store handed out.</exception>
    /// <exception cref="ElasticsearchWriteOutcomeUnknownException">No usable answer: it may or may not have been applied.</exception>
    public async Task<WriteOutcome> PutAsync(
        string index, string id, ReadOnlyMemory<byte> source, Precondition precondition, string? etag, RefreshPolicy refresh, CancellationToken cancellationToken)
    {
        var condition = precondition switch
        {
            Precondition.Absent => WriteCondition.Create,
            Precondition.None => WriteCondition.None,
            _ => ParseEtag(etag),
        };
        DocumentWriteResult result;
        try
        {
            result = await client.IndexAsync(index, id, source, condition, refresh, cancellationToken).ConfigureAwait(false);
        }
        catch (ElasticsearchRequestFailedException failure) when (failure.OutcomeUnknown)
        {
            throw new ElasticsearchWriteOutcomeUnknownException(failure.Message, failure);
        }

        return new WriteOutcome(result.Applied, result.Version?.Etag, result.CurrentVersion?.Etag, result.ConflictReason);
    }

    /// <summary>Deletes a document whatever its etag; true when there was one.</summary>
    /// <exception cref="ElasticsearchWriteOutcomeUnknownException">No usable answer: it may or may not have been deleted.</exception>
    public async Task<bool> DeleteAsync(string index, string id, CancellationToken cancellationToken)
    {
        try
        {
            return (await client.DeleteAsync(index, id, WriteCondition.None, RefreshPolicy.None, cancellationToken).ConfigureAwait(false)).Applied;
        }
        catch (ElasticsearchRequestFailedException failure) when (failure.OutcomeUnknown)
        {
            throw new ElasticsearchWriteOutcomeUnknownException(failure.Message, failure);
        }
    }

    /// <summary>Runs a search (near-real-time: only refreshed writes are seen).</summary>
    public Task<SearchResult> SearchAsync(Elastic.Clients.Elasticsearch.SearchRequest request, CancellationToken cancellationToken) =>
        client.SearchAsync(request, cancellationToken);

    /// <summary>Whether <paramref name="etag"/> has the form of this store's etags.</summary>
    public static bool IsEtag(string? etag) => etag is not null && WriteCondition.TryMatchEtag(etag, out _);

    public void Dispose() => client.Dispose();

    private static WriteCondition ParseEtag(string? etag) =>
        etag is not null && WriteCondition.TryMatchEtag(etag, out var condition)
            ? condition
            : throw new ArgumentException($"'{etag}' is not an Elasticsearch etag (seq_no:primary_term); it did not come from this store.", nameof(etag));
}
