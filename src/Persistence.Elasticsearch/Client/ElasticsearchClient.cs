using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Coordination.Persistence.Elasticsearch.Models;
using Microsoft.Extensions.Logging;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>
/// A typed client for the Elasticsearch APIs Coordination uses: root and health, composable index
/// templates, index/create/get/delete with <c>if_seq_no</c> + <c>if_primary_term</c>, search and refresh.
/// A 409 is a result, not an exception; a 404 for a document means "not found"; a missing index is created
/// from its template and the request retried.
/// </summary>
public sealed partial class ElasticsearchClient : IDisposable
{
    private const int MaxIdUtf8Bytes = 512;
    private readonly ElasticsearchTransport _transport;
    private readonly ILogger _logger;

    /// <param name="options">The connection settings; read once, here.</param>
    /// <param name="logger">Where node failures and retries are logged (URLs without credentials).</param>
    /// <exception cref="ArgumentException">A URL is not an http or https URL.</exception>
    public ElasticsearchClient(ElasticsearchConnectionOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        _transport = new ElasticsearchTransport(options, options.TimeProvider ?? TimeProvider.System, _logger);
    }

    /// <summary>The node URLs, without credentials.</summary>
    public IEnumerable<string> NodeUrls => _transport.Nodes.Select(n => n.Display);

    /// <summary>
    /// Reads the root endpoint and checks that the server is Elasticsearch 7.x, 8.x or 9.x, then speaks the
    /// media type it expects. Call it once at start-up.
    /// </summary>
    /// <exception cref="ElasticsearchVersionException">The server is something else.</exception>
    public async Task<ElasticsearchServerInfo> CheckServerAsync(CancellationToken cancellationToken = default)
    {
        var response = await _transport.SendAsync(
            new ElasticsearchRequest(HttpMethod.Get, "/", null, "root", IsWrite: false, ElasticsearchTransport.PlainJson), cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccess)
        {
            throw ServerError(response, "root");
        }

        var root = Deserialize(response, ElasticsearchJsonContext.Default.RootResponse);
        var number = root.Version?.Number ?? string.Empty;
        var major = int.TryParse(number.Split('.')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m : 0;
        var info = new ElasticsearchServerInfo(number, major, root.Version?.Distribution, root.ClusterName, response.Node.Display);
        if (string.Equals(info.Distribution, "opensearch", StringComparison.OrdinalIgnoreCase))
        {
            throw new ElasticsearchVersionException($"The server at {info.Node} is OpenSearch {number}; Coordination needs Elasticsearch 7.x, 8.x or 9.x.");
        }

        if (major is < 7 or > 9)
        {
            throw new ElasticsearchVersionException($"The server at {info.Node} reports version '{number}'; Coordination needs Elasticsearch 7.x, 8.x or 9.x.");
        }

        if (major >= 8 && !response.IdentifiesAsElasticsearch)
        {
            throw new ElasticsearchVersionException(
                $"The server at {info.Node} reports Elasticsearch {number} but does not send the X-Elastic-Product: Elasticsearch header every 8.x server sends.");
        }

        if (major == 7)
        {
            _transport.UsePlainJson();
        }

        ElasticsearchClientLog.Connected(_logger, number, info.ClusterName, info.Node);
        return info;
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the cluster (or an index) to reach <paramref name="waitForStatus"/>.</summary>
    /// <returns>The status reached, and whether the wait timed out.</returns>
    public async Task<(string Status, bool TimedOut)> WaitForHealthAsync(string? index, string waitForStatus, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var path = (index is null ? "/_cluster/health" : $"/_cluster/health/{Escape(index)}")
            + $"?wait_for_status={Uri.EscapeDataString(waitForStatus)}&timeout={(long)timeout.TotalMilliseconds}ms";
        var response = await SendAsync(HttpMethod.Get, path, null, "health", isWrite: false, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is not (200 or 408))
        {
            throw ServerError(response, "health");
        }

        var health = Deserialize(response, ElasticsearchJsonContext.Default.HealthResponse);
        return (health.Status ?? "unknown", health.TimedOut);
    }

    /// <summary>Installs (or replaces) a composable index template; <paramref name="body"/> is its JSON.</summary>
    public async Task PutIndexTemplateAsync(string name, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        var response = await SendAsync(HttpMethod.Put, $"/_index_template/{Escape(name)}", body, "put_index_template", isWrite: true, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccess)
        {
            throw ServerError(response, $"put index template {name}");
        }
    }

    /// <summary>Creates an index (settings and mappings come from its template); an existing index is fine.</summary>
    public async Task CreateIndexAsync(string index, CancellationToken cancellationToken = default)
    {
        var response = await SendAsync(HttpMethod.Put, $"/{Escape(index)}", null, "create_index", isWrite: true, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccess && response.Error.Type != "resource_already_exists_exception")
        {
            throw ServerError(response, $"create index {index}");
        }
    }

    /// <summary>Deletes an index and everything in it; a missing index is fine. Fencing tokens restart if it is recreated.</summary>
    public async Task DeleteIndexAsync(string index, CancellationToken cancellationToken = default)
    {
        var response = await SendAsync(HttpMethod.Delete, $"/{Escape(index)}", null, "delete_index", isWrite: true, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccess && response.Error.Type != "index_not_found_exception")
        {
            throw ServerError(response, $"delete index {index}");
        }
    }

    /// <summary>Deletes a composable index template; a missing one is fine.</summary>
    public async Task DeleteIndexTemplateAsync(string name, CancellationToken cancellationToken = default)
    {
        var response = await SendAsync(HttpMethod.Delete, $"/_index_template/{Escape(name)}", null, "delete_index_template", isWrite: true, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccess && response.StatusCode != 404)
        {
            throw ServerError(response, $"delete index template {name}");
        }
    }

    /// <summary>Indexes a document under <paramref name="condition"/>. A failed precondition (409) is returned, not thrown.</summary>
    /// <exception cref="ElasticsearchRequestFailedException">No usable answer; <see cref="ElasticsearchRequestFailedException.OutcomeUnknown"/> is true.</exception>
    public async Task<DocumentWriteResult> IndexAsync(
        string index, string id, ReadOnlyMemory<byte> source, WriteCondition condition, RefreshPolicy refresh = RefreshPolicy.None, CancellationToken cancellationToken = default)
    {
        var path = new StringBuilder($"/{Escape(index)}/{(condition.MustCreate ? "_create" : "_doc")}/{EscapeId(id)}");
        AppendCondition(path, condition);
        AppendRefresh(path, refresh);
        var response = await SendWithIndexAsync(index, HttpMethod.Put, path.ToString(), source, condition.MustCreate ? "create" : "index", isWrite: true, cancellationToken).ConfigureAwait(false);
        return WriteResult(response, "index");
    }

    /// <summary>Deletes a document under <paramref name="condition"/>; a missing document is <c>Applied=false</c> with no conflict reason.</summary>
    public async Task<DocumentWriteResult> DeleteAsync(
        string index, string id, WriteCondition condition, RefreshPolicy refresh = RefreshPolicy.None, CancellationToken cancellationToken = default)
    {
        var path = new StringBuilder($"/{Escape(index)}/_doc/{EscapeId(id)}");
        AppendCondition(path, condition);
        AppendRefresh(path, refresh);
        var response = await SendAsync(HttpMethod.Delete, path.ToString(), null, "delete", isWrite: true, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == 404 && response.Error.Type is null)
        {
            return new DocumentWriteResult(false, null, null, null);
        }

        return WriteResult(response, "delete");
    }

    /// <summary>Reads a document by id (realtime: it sees every acknowledged write). A missing index is created, through its template.</summary>
    public Task<DocumentReadResult> GetAsync(string index, string id, CancellationToken cancellationToken = default) =>
        GetAsync(index, id, createMissingIndex: true, cancellationToken);

    /// <summary>
    /// Reads a document by id, as <see cref="GetAsync(string, string, CancellationToken)"/>, but never creates its
    /// index: a missing index reads as a missing document. For readers that must not write, such as clients
    /// discovering gateways (an index they created would miss the mappings its owner's template gives).
    /// </summary>
    public Task<DocumentReadResult> GetWithoutCreatingIndexAsync(string index, string id, CancellationToken cancellationToken = default) =>
        GetAsync(index, id, createMissingIndex: false, cancellationToken);

    private async Task<DocumentReadResult> GetAsync(string index, string id, bool createMissingIndex, CancellationToken cancellationToken)
    {
        var path = $"/{Escape(index)}/_doc/{EscapeId(id)}";
        var response = createMissingIndex
            ? await SendWithIndexAsync(index, HttpMethod.Get, path, null, "get", isWrite: false, cancellationToken).ConfigureAwait(false)
            : await SendAsync(HttpMethod.Get, path, null, "get", isWrite: false, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == 404)
        {
            return new DocumentReadResult(false, default, default);
        }

        if (!response.IsSuccess)
        {
            throw ServerError(response, "get");
        }

        var document = Deserialize(response, ElasticsearchJsonContext.Default.GetResponse);
        return new DocumentReadResult(document.Found, document.Source.Clone(), new DocumentVersion(document.SeqNo, document.PrimaryTerm, document.Version));
    }

    /// <summary>Runs a search; <paramref name="body"/> is the request JSON. Near-real-time: only refreshed writes are seen.</summary>
    public async Task<SearchResult> SearchAsync(string index, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        var response = await SendWithIndexAsync(index, HttpMethod.Post, $"/{Escape(index)}/_search", body, "search", isWrite: false, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccess)
        {
            throw ServerError(response, "search");
        }

        var search = Deserialize(response, ElasticsearchJsonContext.Default.SearchResponse);
        var hits = (search.Hits?.Hits ?? [])
            .Select(h => new SearchHitResult(
                h.Id ?? string.Empty,
                h.Source.Clone(),
                h.SeqNo is { } seqNo && h.PrimaryTerm is { } term ? new DocumentVersion(seqNo, term, 0) : null))
            .ToList();
        return new SearchResult(hits, search.Hits?.Total?.Value ?? hits.Count, search.Hits?.Total?.Relation == "gte");
    }

    /// <summary>Makes every write so far searchable.</summary>
    public async Task RefreshAsync(string index, CancellationToken cancellationToken = default)
    {
        var response = await SendWithIndexAsync(index, HttpMethod.Post, $"/{Escape(index)}/_refresh", null, "refresh", isWrite: false, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccess)
        {
            throw ServerError(response, "refresh");
        }
    }

    public void Dispose() => _transport.Dispose();

    private Task<ElasticsearchResponse> SendAsync(HttpMethod method, string path, ReadOnlyMemory<byte>? body, string operation, bool isWrite, CancellationToken cancellationToken) =>
        _transport.SendAsync(new ElasticsearchRequest(method, path, body, operation, isWrite), cancellationToken);

    /// <summary>Sends, and when the index is missing, creates it (through its template) and sends once more.</summary>
    private async Task<ElasticsearchResponse> SendWithIndexAsync(
        string index, HttpMethod method, string path, ReadOnlyMemory<byte>? body, string operation, bool isWrite, CancellationToken cancellationToken)
    {
        var response = await SendAsync(method, path, body, operation, isWrite, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != 404 || response.Error.Type != "index_not_found_exception")
        {
            return response;
        }

        await CreateIndexAsync(index, cancellationToken).ConfigureAwait(false);
        ElasticsearchClientLog.IndexCreated(_logger, index, operation);
        return await SendAsync(method, path, body, operation, isWrite, cancellationToken).ConfigureAwait(false);
    }

    private static DocumentWriteResult WriteResult(ElasticsearchResponse response, string operation)
    {
        if (response.StatusCode == 409 && response.Error.Type == "version_conflict_engine_exception")
        {
            var reason = response.Error.Reason ?? string.Empty;
            var current = CurrentDocumentPattern().Match(reason);
            DocumentVersion? currentVersion = current.Success
                ? new DocumentVersion(long.Parse(current.Groups[1].ValueSpan, CultureInfo.InvariantCulture), long.Parse(current.Groups[2].ValueSpan, CultureInfo.InvariantCulture), 0)
                : null;
            return new DocumentWriteResult(false, null, reason, currentVersion);
        }

        if (!response.IsSuccess)
        {
            throw ServerError(response, operation);
        }

        var written = Deserialize(response, ElasticsearchJsonContext.Default.WriteResponse);
        return new DocumentWriteResult(true, new DocumentVersion(written.SeqNo, written.PrimaryTerm, written.Version), null, null);
    }

    private static T Deserialize<T>(ElasticsearchResponse response, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        try
        {
            return JsonSerializer.Deserialize(response.Body, type)
                ?? throw new ElasticsearchException($"Elasticsearch at {response.Node.Display} answered with an empty body.");
        }
        catch (JsonException exception)
        {
            throw new ElasticsearchException($"Elasticsearch at {response.Node.Display} answered with malformed JSON: {exception.Message}", exception);
        }
    }

    private static ElasticsearchServerException ServerError(ElasticsearchResponse response, string operation)
    {
        var error = response.Error;
        return new ElasticsearchServerException(
            response.StatusCode,
            error.Type,
            error.Reason,
            $"Elasticsearch at {response.Node.Display} refused {operation} with HTTP {response.StatusCode}: {error}.");
    }

    private static void AppendCondition(StringBuilder path, WriteCondition condition)
    {
        if (condition.IfSeqNo is { } seqNo)
        {
            path.Append(CultureInfo.InvariantCulture, $"{Separator(path)}if_seq_no={seqNo}&if_primary_term={condition.IfPrimaryTerm}");
        }
    }

    private static void AppendRefresh(StringBuilder path, RefreshPolicy refresh)
    {
        if (refresh != RefreshPolicy.None)
        {
            path.Append(Separator(path)).Append("refresh=").Append(refresh == RefreshPolicy.Immediate ? "true" : "wait_for");
        }
    }

    private static char Separator(StringBuilder path) => path.ToString().Contains('?', StringComparison.Ordinal) ? '&' : '?';

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    private static string EscapeId(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var bytes = Encoding.UTF8.GetByteCount(id);
        if (bytes > MaxIdUtf8Bytes)
        {
            throw new ArgumentException($"A document id must be at most {MaxIdUtf8Bytes} UTF-8 bytes; this one is {bytes}.", nameof(id));
        }

        return Uri.EscapeDataString(id);
    }

    [GeneratedRegex(@"current document has seqNo \[(\d+)\] and primary term \[(\d+)\]")]
    private static partial Regex CurrentDocumentPattern();
}
