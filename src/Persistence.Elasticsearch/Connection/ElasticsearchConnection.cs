using System.Globalization;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Cluster;
using Elastic.Clients.Elasticsearch.Core.Search;
using Elastic.Clients.Elasticsearch.IndexManagement;
using Elastic.Transport;
using Elastic.Transport.Diagnostics.Auditing;
using Elastic.Transport.Products.Elasticsearch;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>
/// The providers' one way to Elasticsearch: an <see cref="ElasticsearchClient"/> (built from the connection settings,
/// or the application's own) and the rules the providers need on top of it. A request that surely did not run (a
/// 429, a 503 for unavailable shards, a refused connection) is retried with capped exponential backoff and jitter;
/// anything else is reported once, and a write with no usable answer, or with a 409 that followed a resend, is an
/// unknown outcome for the caller to settle by reading. A 409 is a result, not an exception; a 404 for a document
/// means "not found"; a missing index is created from its template and the request sent again. Messages name nodes
/// by scheme, host and port only, and carry Elasticsearch's error type and reason, never a header or the client's
/// debug information.
/// </summary>
internal sealed partial class ElasticsearchConnection : IDisposable
{
    private const int MaxIdUtf8Bytes = 512;

    private readonly ElasticsearchConnectionOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly IDisposable? _ownedSettings;

    /// <summary>A connection on a client built from <paramref name="options"/>, owned and disposed by the connection.</summary>
    /// <exception cref="ArgumentException">A URL is not an http or https URL.</exception>
    public ElasticsearchConnection(ElasticsearchConnectionOptions options, ILogger? logger = null)
        : this(options, null, logger)
    {
    }

    /// <param name="options">The retry policy and request timeout; the node settings too when <paramref name="client"/> is null.</param>
    /// <param name="client">The application's own client, used as it is configured and never disposed; null builds one from <paramref name="options"/>.</param>
    public ElasticsearchConnection(ElasticsearchConnectionOptions options, ElasticsearchClient? client, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _clock = options.TimeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        if (client is null)
        {
            var settings = ElasticsearchClientSettingsFactory.Create(options);
            _ownedSettings = settings;
            client = new ElasticsearchClient(settings);
        }

        Client = client;
    }

    /// <summary>
    /// The connection of a provider: on the application's client registered under
    /// <see cref="ElasticsearchConnectionOptions.ClientServiceKey"/> when that is set, otherwise on a client of its own.
    /// </summary>
    /// <exception cref="InvalidOperationException">No client is registered under the key.</exception>
    public static ElasticsearchConnection For(ElasticsearchConnectionOptions options, IServiceProvider? services, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ClientServiceKey is not { Length: > 0 } key)
        {
            return new ElasticsearchConnection(options, logger);
        }

        var client = services?.GetKeyedService<ElasticsearchClient>(key)
            ?? throw new InvalidOperationException(MissingClientMessage(key));
        return new ElasticsearchConnection(options, client, logger);
    }

    /// <summary>What to do when <see cref="ElasticsearchConnectionOptions.ClientServiceKey"/> names no registered client.</summary>
    public static string MissingClientMessage(string key) =>
        $"ClientServiceKey is '{key}', but no ElasticsearchClient is registered under that key; register one with services.AddKeyedSingleton<ElasticsearchClient>(\"{key}\", ...), or leave ClientServiceKey empty to connect with Urls and the other connection settings.";

    /// <summary>The official client underneath.</summary>
    public ElasticsearchClient Client { get; }

    /// <summary>The node URLs, without credentials.</summary>
    public IEnumerable<string> NodeUrls => Client.ElasticsearchClientSettings.NodePool.Nodes.Select(n => ElasticsearchClientSettingsFactory.Display(n.Uri));

    /// <summary>Reads the root endpoint and checks that the server is an Elasticsearch the 9.x client speaks to (9.x, or 8.x). Call it once at start-up.</summary>
    /// <exception cref="ElasticsearchVersionException">The server is something else.</exception>
    public async Task<ElasticsearchServerInfo> CheckServerAsync(CancellationToken cancellationToken = default)
    {
        var operation = new Operation("root", null, null, IsWrite: false);
        var answer = await SendAsync(operation, token => Client.InfoAsync(token), cancellationToken).ConfigureAwait(false);
        if (answer.Status == 400 && answer.ErrorType == "media_type_header_exception")
        {
            throw new ElasticsearchVersionException(
                $"The server at {answer.Node} refused the media type of the Elasticsearch 9.x client, compatible-with=9 ({answer.ErrorText}): it is an Elasticsearch before 9.x, or not Elasticsearch. Coordination needs Elasticsearch 9.x.");
        }

        if (!answer.IsSuccess)
        {
            throw ServerError(answer, operation);
        }

        var info = answer.Response!;
        var number = info.Version?.Number ?? string.Empty;
        var major = int.TryParse(number.Split('.')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m : 0;
        if (major is not (8 or 9))
        {
            throw new ElasticsearchVersionException($"The server at {answer.Node} reports version '{number}'; Coordination needs Elasticsearch 9.x (8.x answers the 9.x client too).");
        }

        ConnectionLog.Connected(_logger, number, info.ClusterName, answer.Node);
        return new ElasticsearchServerInfo(number, major, info.ClusterName, answer.Node);
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the cluster to reach <paramref name="waitForStatus"/>.</summary>
    /// <returns>The status reached, and whether the wait timed out.</returns>
    public async Task<(string Status, bool TimedOut)> WaitForHealthAsync(HealthStatus waitForStatus, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var operation = new Operation("health", null, null, IsWrite: false);
        var request = new HealthRequest { WaitForStatus = waitForStatus, Timeout = timeout };
        // The server holds the answer for up to the wait itself, so the request may take that much longer.
        var answer = await SendAsync(operation, token => Client.Cluster.HealthAsync(request, token), cancellationToken, timeout).ConfigureAwait(false);
        if (answer.Status is not (200 or 408) || answer.Response is null)
        {
            throw ServerError(answer, operation);
        }

        return (answer.Response.Status.ToString().ToLowerInvariant(), answer.Response.TimedOut);
    }

    /// <summary>Installs (or replaces) a composable index template.</summary>
    public async Task PutIndexTemplateAsync(PutIndexTemplateRequest template, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(template);
        var operation = new Operation("put index template", null, null, IsWrite: true);
        var answer = await SendAsync(operation, token => Client.Indices.PutIndexTemplateAsync(template, token), cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess)
        {
            throw ServerError(answer, operation);
        }
    }

    /// <summary>Creates an index (settings and mappings come from its template); an existing index is fine.</summary>
    public async Task CreateIndexAsync(string index, CancellationToken cancellationToken = default)
    {
        var operation = new Operation("create index", index, null, IsWrite: true);
        var answer = await SendAsync(operation, token => Client.Indices.CreateAsync(new CreateIndexRequest(index), token), cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess && answer.ErrorType != "resource_already_exists_exception")
        {
            throw ServerError(answer, operation);
        }
    }

    /// <summary>Deletes an index and everything in it; a missing index is fine. Fencing tokens restart if it is recreated.</summary>
    public async Task DeleteIndexAsync(string index, CancellationToken cancellationToken = default)
    {
        var operation = new Operation("delete index", index, null, IsWrite: true);
        var answer = await SendAsync(operation, token => Client.Indices.DeleteAsync(new DeleteIndexRequest(index), token), cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess && answer.ErrorType != "index_not_found_exception")
        {
            throw ServerError(answer, operation);
        }
    }

    /// <summary>Deletes a composable index template; a missing one is fine.</summary>
    public async Task DeleteIndexTemplateAsync(string name, CancellationToken cancellationToken = default)
    {
        var operation = new Operation("delete index template", null, null, IsWrite: true);
        var answer = await SendAsync(operation, token => Client.Indices.DeleteIndexTemplateAsync(new DeleteIndexTemplateRequest(name), token), cancellationToken)
            .ConfigureAwait(false);
        if (!answer.IsSuccess && answer.Status != 404)
        {
            throw ServerError(answer, operation);
        }
    }

    /// <summary>Indexes a document under <paramref name="condition"/>. A failed precondition (409) is returned, not thrown.</summary>
    /// <exception cref="ElasticsearchRequestFailedException">No usable answer; <see cref="ElasticsearchRequestFailedException.OutcomeUnknown"/> is true.</exception>
    public async Task<DocumentWriteResult> IndexAsync(
        string index, string id, ReadOnlyMemory<byte> source, WriteCondition condition, RefreshPolicy refresh = RefreshPolicy.None, CancellationToken cancellationToken = default)
    {
        CheckId(id);
        var operation = new Operation(condition.MustCreate ? "create" : "index", index, id, IsWrite: true);
        var request = new IndexRequest<RawJsonDocument>(new RawJsonDocument(source), index, id)
        {
            OpType = condition.MustCreate ? OpType.Create : null,
            IfSeqNo = condition.IfSeqNo,
            IfPrimaryTerm = condition.IfPrimaryTerm,
            Refresh = Refresh(refresh),
        };
        var answer = await SendCreatingIndexAsync(operation, token => Client.IndexAsync(request, token), cancellationToken).ConfigureAwait(false);
        if (Conflict(answer, operation) is { } conflict)
        {
            return conflict;
        }

        if (!answer.IsSuccess)
        {
            throw ServerError(answer, operation);
        }

        return new DocumentWriteResult(true, Written(answer, operation, answer.Response!.SeqNo, answer.Response.PrimaryTerm, answer.Response.Version), null, null);
    }

    /// <summary>Deletes a document under <paramref name="condition"/>; a missing document is <c>Applied=false</c> with no conflict reason.</summary>
    public async Task<DocumentWriteResult> DeleteAsync(
        string index, string id, WriteCondition condition, RefreshPolicy refresh = RefreshPolicy.None, CancellationToken cancellationToken = default)
    {
        CheckId(id);
        var operation = new Operation("delete", index, id, IsWrite: true);
        var request = new DeleteRequest(index, id) { IfSeqNo = condition.IfSeqNo, IfPrimaryTerm = condition.IfPrimaryTerm, Refresh = Refresh(refresh) };
        var answer = await SendAsync(operation, token => Client.DeleteAsync(request, token), cancellationToken).ConfigureAwait(false);
        if (answer.Status == 404 && answer.ErrorType is null)
        {
            return new DocumentWriteResult(false, null, null, null);
        }

        if (Conflict(answer, operation) is { } conflict)
        {
            return conflict;
        }

        if (!answer.IsSuccess)
        {
            throw ServerError(answer, operation);
        }

        return new DocumentWriteResult(true, Written(answer, operation, answer.Response!.SeqNo, answer.Response.PrimaryTerm, answer.Response.Version), null, null);
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

    /// <summary>Runs a search. Near-real-time: only refreshed writes are seen. A missing index is created, through its template.</summary>
    public async Task<SearchResult> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var index = request.Indices?.ToString();
        var operation = new Operation("search", index, null, IsWrite: false);
        var answer = await SendCreatingIndexAsync(operation, token => Client.SearchAsync<JsonElement>(request, token), cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess)
        {
            throw ServerError(answer, operation);
        }

        var hits = answer.Response!.HitsMetadata;
        var found = (hits?.Hits ?? [])
            .Select(h => new SearchHitResult(
                h.Id ?? string.Empty,
                h.Source,
                h.SeqNo is { } seqNo && h.PrimaryTerm is { } term ? new DocumentVersion(seqNo, term, 0) : null))
            .ToList();
        var (total, lowerBound) = hits?.Total?.Match(t => (t?.Value ?? found.Count, t?.Relation == TotalHitsRelation.Gte), count => (count, false)) ?? (found.Count, false);
        return new SearchResult(found, total, lowerBound);
    }

    /// <summary>Makes every write so far searchable.</summary>
    public async Task RefreshAsync(string index, CancellationToken cancellationToken = default)
    {
        var operation = new Operation("refresh", index, null, IsWrite: false);
        var answer = await SendCreatingIndexAsync(operation, token => Client.Indices.RefreshAsync(new RefreshRequest(index), token), cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess)
        {
            throw ServerError(answer, operation);
        }
    }

    public void Dispose() => _ownedSettings?.Dispose();

    private async Task<DocumentReadResult> GetAsync(string index, string id, bool createMissingIndex, CancellationToken cancellationToken)
    {
        CheckId(id);
        var operation = new Operation("get", index, id, IsWrite: false);
        var request = new GetRequest(index, id);
        Answer<GetResponse<JsonElement>> answer;
        if (createMissingIndex)
        {
            answer = await SendCreatingIndexAsync(operation, token => Client.GetAsync<JsonElement>(request, token), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            answer = await SendAsync(operation, token => Client.GetAsync<JsonElement>(request, token), cancellationToken).ConfigureAwait(false);
            if (answer.Status == 404 && answer.ErrorType == "index_not_found_exception")
            {
                return new DocumentReadResult(false, default, default);
            }
        }

        if (answer.Status == 404 && answer.ErrorType is null)
        {
            return new DocumentReadResult(false, default, default);
        }

        if (!answer.IsSuccess)
        {
            throw ServerError(answer, operation);
        }

        // A missing document is a 404; a 200 that does not say found is an answer this client cannot trust either way.
        var document = answer.Response!;
        if (!document.Found)
        {
            throw Unexpected(answer, operation, "it does not say \"found\": true");
        }

        if (document.Source.ValueKind != JsonValueKind.Object)
        {
            throw Unexpected(answer, operation, $"the document's _source is {(document.Source.ValueKind == JsonValueKind.Undefined ? "missing" : $"a JSON {document.Source.ValueKind}, not an object")}");
        }

        return new DocumentReadResult(true, document.Source, Written(answer, operation, document.SeqNo, document.PrimaryTerm, document.Version ?? 0));
    }

    /// <summary>Sends, and when the index is missing, creates it (through its template) and sends once more: the first attempt changed nothing.</summary>
    private async Task<Answer<TResponse>> SendCreatingIndexAsync<TResponse>(Operation operation, Func<CancellationToken, Task<TResponse>> send, CancellationToken cancellationToken)
        where TResponse : ElasticsearchResponse
    {
        var answer = await SendAsync(operation, send, cancellationToken).ConfigureAwait(false);
        if (answer.Status != 404 || answer.ErrorType != "index_not_found_exception" || operation.Index is null)
        {
            return answer;
        }

        await CreateIndexAsync(operation.Index, cancellationToken).ConfigureAwait(false);
        ConnectionLog.IndexCreated(_logger, operation.Index, operation.Name);
        return await SendAsync(operation, send, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends one request, retrying only what surely did not run, and returns any answer the caller interprets (2xx,
    /// and 4xx except 429). A lost answer, a timeout and a 5xx end here, as an unknown outcome for a write.
    /// </summary>
    /// <param name="extraTime">How much longer than <see cref="ElasticsearchConnectionOptions.RequestTimeout"/> the server may take by design.</param>
    private async Task<Answer<TResponse>> SendAsync<TResponse>(
        Operation operation, Func<CancellationToken, Task<TResponse>> send, CancellationToken cancellationToken, TimeSpan extraTime = default)
        where TResponse : ElasticsearchResponse
    {
        var retries = 0;
        // Only a refused request needs these: every write passes here, and nearly all are answered at once.
        HashSet<string>? refusedNodes = null;
        List<string>? refusals = null;
        while (true)
        {
            // The deadline runs on the configured clock, so tests can make a request time out without waiting.
            using var deadline = new CancellationTokenSource(_options.RequestTimeout + extraTime, _clock);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
            TResponse? response = null;
            ApiCallDetails? details;
            Exception? thrown = null;
            try
            {
                response = await send(linked.Token).ConfigureAwait(false);
                details = response.ApiCallDetails;
            }
            catch (TransportException exception)
            {
                // The client throws only when it was configured to, or when it could not read the answer.
                details = exception.ApiCallDetails;
                thrown = exception;
            }
            catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
            {
                details = null;
                thrown = exception;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var node = details?.Uri is { } uri ? ElasticsearchClientSettingsFactory.Display(uri) : string.Join(", ", NodeUrls);
            var status = details?.HttpStatusCode;
            var error = (details?.ProductError as ElasticsearchServerError)?.Error;
            string refusal;
            if (status is null)
            {
                var cause = thrown ?? details?.OriginalException;
                if (deadline.IsCancellationRequested || cause is OperationCanceledException or TimeoutException)
                {
                    ConnectionLog.NoAnswer(_logger, operation.Name, node, _options.RequestTimeout + extraTime);
                    throw Failed(operation, node, $"no answer within {(_options.RequestTimeout + extraTime).TotalSeconds:0.###}s", null);
                }

                if (Innermost<HttpRequestException>(cause) is { } http && IsConnectFailure(http))
                {
                    refusal = $"{node}: {Describe(http)}";
                    ConnectionLog.NodeUnreachable(_logger, node, Describe(http));

                    // Not connected means not sent: another node that has not refused yet may take it at once.
                    if ((refusedNodes ??= new HashSet<string>(StringComparer.Ordinal)).Add(node) && refusedNodes.Count < Client.ElasticsearchClientSettings.NodePool.Nodes.Count)
                    {
                        (refusals ??= []).Add(refusal);
                        continue;
                    }

                    refusedNodes.Clear();
                }
                else if (cause is TransportException { InnerException: { } unreadable } && Innermost<JsonException>(unreadable) is { } json)
                {
                    throw Failed(operation, node, $"the answer could not be read ({json.Message})", null);
                }
                else
                {
                    throw Failed(operation, node, cause is null ? "no answer" : Describe(cause), Innermost<HttpRequestException>(cause));
                }
            }
            else if (status == 429 || (status == 503 && error?.Type == "unavailable_shards_exception"))
            {
                refusal = $"{node}: HTTP {status} ({ErrorText(error?.Type, error?.Reason)})";
            }
            else if (status >= 500)
            {
                throw Failed(operation, node, $"HTTP {status} ({ErrorText(error?.Type, error?.Reason)})", null);
            }
            else
            {
                return new Answer<TResponse>(response, status.Value, error?.Type, error?.Reason, node, Attempts(details!));
            }

            (refusals ??= []).Add(refusal);
            if (retries >= _options.MaxRetries)
            {
                throw new ElasticsearchUnavailableException(
                    $"The {operation.Describe()} could not be sent or was refused before it ran, in {retries + 1} attempts: {string.Join("; ", refusals.Distinct())}.");
            }

            var delay = Backoff(retries++);
            ConnectionLog.Retrying(_logger, operation.Name, refusal, delay);
            await Task.Delay(delay, _clock, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A 409 as a result, or as an unknown outcome when the client had sent the write more than once: the 409 may answer our own first copy.</summary>
    private static DocumentWriteResult? Conflict<TResponse>(Answer<TResponse> answer, Operation operation)
    {
        if (answer.Status != 409 || answer.ErrorType != "version_conflict_engine_exception")
        {
            return null;
        }

        if (answer.Attempts > 1)
        {
            throw Failed(operation, answer.Node, $"a 409 after the client sent it {answer.Attempts} times, so the conflict may be with its own first copy", null);
        }

        var reason = answer.Reason ?? string.Empty;
        var current = CurrentDocumentPattern().Match(reason);
        DocumentVersion? currentVersion = current.Success
            ? new DocumentVersion(long.Parse(current.Groups[1].ValueSpan, CultureInfo.InvariantCulture), long.Parse(current.Groups[2].ValueSpan, CultureInfo.InvariantCulture), 0)
            : null;
        return new DocumentWriteResult(false, null, reason, currentVersion);
    }

    /// <summary>The position a successful answer reports; a write answer without one is unusable, so its outcome is unknown.</summary>
    private static DocumentVersion Written<TResponse>(Answer<TResponse> answer, Operation operation, long? seqNo, long? primaryTerm, long version) =>
        seqNo is >= 0 && primaryTerm is >= 1
            ? new DocumentVersion(seqNo.Value, primaryTerm.Value, version)
            : throw Unexpected(answer, operation, $"it carries no usable _seq_no/_primary_term ({Show(seqNo)}/{Show(primaryTerm)})");

    private static string Show(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "none";

    private static ElasticsearchException Unexpected<TResponse>(Answer<TResponse> answer, Operation operation, string what) =>
        Failed(operation, answer.Node, $"an unexpected answer, HTTP {answer.Status}: {what}", null);

    private static ElasticsearchRequestFailedException Failed(Operation operation, string node, string cause, Exception? innerException) =>
        new(operation.IsWrite
                ? $"The {operation.Describe()} sent to {node} got no usable answer ({cause}); it may or may not have been applied."
                : $"The {operation.Describe()} sent to {node} got no usable answer ({cause}).",
            operation.IsWrite,
            innerException);

    private static ElasticsearchServerException ServerError<TResponse>(Answer<TResponse> answer, Operation operation) => answer.Status switch
    {
        401 => new(401, answer.ErrorType, answer.Reason,
            $"Elasticsearch at {answer.Node} refused the credentials for the {operation.Describe()}: authentication failed (HTTP 401, {answer.ErrorText}). Check Username and Password, or ApiKey."),
        403 => new(403, answer.ErrorType, answer.Reason,
            $"Elasticsearch at {answer.Node} refused the {operation.Describe()}: the user lacks a privilege it needs (HTTP 403, {answer.ErrorText})."),
        _ => new(answer.Status, answer.ErrorType, answer.Reason, $"Elasticsearch at {answer.Node} refused the {operation.Describe()} with HTTP {answer.Status}: {answer.ErrorText}."),
    };

    /// <summary>
    /// How many times the client sent the request to a node. The audit does not keep why an attempt failed, so one
    /// that never connected counts too: a real conflict after it reads as unknown, and the caller's read settles it.
    /// </summary>
    private static int Attempts(ApiCallDetails details) =>
        details.AuditTrail?.Count(a => a.Event is AuditEvent.HealthyResponse or AuditEvent.BadResponse or AuditEvent.BadRequest) ?? 1;

    private TimeSpan Backoff(int retry)
    {
        var exponential = _options.RetryBaseDelay.Ticks * Math.Pow(2, retry);
        var capped = Math.Min(exponential, _options.MaxRetryDelay.Ticks);
        // Jitter in the upper half: spreads clients out without ever retrying immediately.
        return TimeSpan.FromTicks((long)(capped * (0.5 + (Random.Shared.NextDouble() / 2))));
    }

    private static Refresh? Refresh(RefreshPolicy refresh) => refresh switch
    {
        RefreshPolicy.Immediate => Elastic.Clients.Elasticsearch.Refresh.True,
        RefreshPolicy.WaitFor => Elastic.Clients.Elasticsearch.Refresh.WaitFor,
        _ => null,
    };

    private static void CheckId(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var bytes = Encoding.UTF8.GetByteCount(id);
        if (bytes > MaxIdUtf8Bytes)
        {
            throw new ArgumentException($"A document id must be at most {MaxIdUtf8Bytes} UTF-8 bytes; this one is {bytes}.", nameof(id));
        }
    }

    private static bool IsConnectFailure(HttpRequestException exception) =>
        exception.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError;

    private static T? Innermost<T>(Exception? exception)
        where T : Exception
    {
        T? found = null;
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                found = match;
            }
        }

        return found;
    }

    private static string Describe(Exception exception)
    {
        var innermost = Innermost<Exception>(exception)!;
        return innermost == exception || exception.Message.Contains(innermost.Message, StringComparison.Ordinal)
            ? exception.Message
            : $"{exception.Message} ({innermost.Message})";
    }

    private static string ErrorText(string? type, string? reason) => (type, reason) switch
    {
        (null, null) => "no error details",
        (null, var r) => r!,
        (var t, null) => t!,
        var (t, r) => $"{t}: {r}",
    };

    [GeneratedRegex(@"current document has seqNo \[(\d+)\] and primary term \[(\d+)\]")]
    private static partial Regex CurrentDocumentPattern();

    /// <summary>What a request is, for messages: its name, and the index and document it concerns.</summary>
    private sealed record Operation(string Name, string? Index, string? Id, bool IsWrite)
    {
        public string Describe() => (Index, Id) switch
        {
            (null, _) => Name,
            (var index, null) => $"{Name} of index {index}",
            var (index, id) => $"{Name} of document '{id}' in index {index}",
        };
    }

    /// <summary>An answer to interpret: its status, Elasticsearch's error when it sent one, the node, and how many times the client sent the request.</summary>
    private sealed record Answer<TResponse>(TResponse? Response, int Status, string? ErrorType, string? Reason, string Node, int Attempts)
    {
        public bool IsSuccess => Status is >= 200 and < 300 && Response is not null;

        public string ErrorText => ElasticsearchConnection.ErrorText(ErrorType, Reason);
    }
}
