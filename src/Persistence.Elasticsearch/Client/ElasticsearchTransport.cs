using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>
/// Sends requests to the cluster. It moves to another node only when a connection could not be made (so
/// the request was never sent), retries 429 and 503 (refused before running) with capped exponential
/// backoff and jitter, and reports any other failure without retrying: a write that may have been applied
/// is never sent twice.
/// </summary>
internal sealed class ElasticsearchTransport : IDisposable
{
    private const string Compatible8 = "application/vnd.elasticsearch+json; compatible-with=8";

    /// <summary>Accepted by every version, so the version check can be made before the media type is known.</summary>
    public const string PlainJson = "application/json";

    private readonly HttpClient _http;
    private readonly ElasticsearchNodePool _nodes;
    private readonly ElasticsearchConnectionOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly string? _authorization;
    private volatile string _mediaType = Compatible8;

    public ElasticsearchTransport(ElasticsearchConnectionOptions options, TimeProvider clock, ILogger logger)
    {
        _options = options;
        _clock = clock;
        _logger = logger;
        var urls = options.NodeUrls().Select(ParseUrl).ToList();
        _authorization = ElasticsearchCredentials.AuthorizationHeader(options, urls);
        _nodes = new ElasticsearchNodePool([.. urls.Select(u => new ElasticsearchNode(ElasticsearchCredentials.WithoutUserInfo(u)))]);
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = options.RequestTimeout,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
        };
        if (options.CertificateAuthorityPath is { } caPath)
        {
            var authority = X509CertificateLoader.LoadCertificateFromFile(caPath);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => IsTrusted(certificate, errors, authority);
        }

        // Deadlines are ours (RequestTimeout on the injected clock), not HttpClient's.
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public IReadOnlyList<ElasticsearchNode> Nodes => _nodes.Nodes;

    /// <summary>Elasticsearch 7.10 and older refuse the 8.x compatibility media type; after a version check says 7.x, plain JSON is sent.</summary>
    public void UsePlainJson() => _mediaType = PlainJson;

    public async Task<ElasticsearchResponse> SendAsync(ElasticsearchRequest request, CancellationToken cancellationToken)
    {
        var tried = new List<ElasticsearchNode>();
        var connectFailures = new List<string>();
        var retries = 0;
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var node = _nodes.Next(_clock.GetUtcNow(), tried)
                ?? throw new ElasticsearchUnavailableException(
                    $"No Elasticsearch node could be reached for {request.Operation}: {string.Join("; ", connectFailures)}.");

            using var timeout = new CancellationTokenSource(_options.RequestTimeout, _clock);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(Build(node, request), HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (OperationCanceledException exception)
            {
                ElasticsearchClientLog.NoAnswer(_logger, request.Operation, node.Display, _options.RequestTimeout);
                throw Failed(request, node, $"no answer within {_options.RequestTimeout.TotalSeconds:0.###}s", exception);
            }
            catch (HttpRequestException exception) when (IsConnectFailure(exception))
            {
                // Not connected means not sent: another node may take it.
                var cause = Describe(exception);
                node.MarkDead(_clock.GetUtcNow(), _options.DeadNodeCooldown, cause);
                ElasticsearchClientLog.NodeUnreachable(_logger, node.Display, cause);
                tried.Add(node);
                connectFailures.Add($"{node.Display}: {cause}");
                continue;
            }
            catch (HttpRequestException exception)
            {
                throw Failed(request, node, Describe(exception), exception);
            }

            node.MarkAlive();
            using (response)
            {
                var status = (int)response.StatusCode;
                var body = await response.Content.ReadAsByteArrayAsync(CancellationToken.None).ConfigureAwait(false);
                ElasticsearchMetrics.Record(request.Operation, status, Stopwatch.GetElapsedTime(started));
                if (status is 429 or 503)
                {
                    var error = ElasticsearchError.Parse(body);
                    if (retries >= _options.MaxRetries)
                    {
                        throw new ElasticsearchUnavailableException(
                            $"Elasticsearch at {node.Display} refused {request.Operation} with {status} ({error}) through {retries + 1} attempts.");
                    }

                    var delay = Backoff(retries++);
                    ElasticsearchClientLog.Retrying(_logger, request.Operation, node.Display, status, error.ToString(), delay);
                    await Task.Delay(delay, _clock, cancellationToken).ConfigureAwait(false);
                    tried.Clear();
                    continue;
                }

                if (status >= 500)
                {
                    throw Failed(request, node, $"HTTP {status} ({ElasticsearchError.Parse(body)})", innerException: null);
                }

                var identifies = response.Headers.TryGetValues("X-Elastic-Product", out var product) && product.Contains("Elasticsearch");
                return new ElasticsearchResponse(status, body, node, identifies);
            }
        }
    }

    public void Dispose() => _http.Dispose();

    private HttpRequestMessage Build(ElasticsearchNode node, ElasticsearchRequest request)
    {
        var mediaType = request.MediaType ?? _mediaType;
        var message = new HttpRequestMessage(request.Method, new Uri(node.BaseUri, request.PathAndQuery));
        message.Headers.TryAddWithoutValidation("Accept", mediaType);
        if (_authorization is not null)
        {
            message.Headers.TryAddWithoutValidation("Authorization", _authorization);
        }

        if (request.Body is { } body)
        {
            message.Content = new ReadOnlyMemoryContent(body);
            message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        }

        return message;
    }

    private ElasticsearchRequestFailedException Failed(ElasticsearchRequest request, ElasticsearchNode node, string cause, Exception? innerException)
    {
        var unknown = request.IsWrite;
        return new ElasticsearchRequestFailedException(
            unknown
                ? $"{request.Operation} sent to {node.Display} got no usable answer ({cause}); it may or may not have been applied."
                : $"{request.Operation} sent to {node.Display} got no usable answer ({cause}).",
            unknown,
            innerException);
    }

    private TimeSpan Backoff(int retry)
    {
        var exponential = _options.RetryBaseDelay.Ticks * Math.Pow(2, retry);
        var capped = Math.Min(exponential, _options.MaxRetryDelay.Ticks);
        // Full jitter in the upper half: spreads clients out without ever retrying immediately.
        return TimeSpan.FromTicks((long)(capped * (0.5 + (Random.Shared.NextDouble() / 2))));
    }

    private static bool IsConnectFailure(HttpRequestException exception) =>
        exception.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError;

    private static string Describe(Exception exception)
    {
        var innermost = exception;
        while (innermost.InnerException is { } inner)
        {
            innermost = inner;
        }

        return innermost == exception || exception.Message.Contains(innermost.Message, StringComparison.Ordinal)
            ? exception.Message
            : $"{exception.Message} ({innermost.Message})";
    }

    private static bool IsTrusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2 authority)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        // Only an untrusted chain can be fixed by our CA; a wrong host name or a missing certificate cannot.
        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }

    private static Uri ParseUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{RedactUserInfo(url)}' is not an http or https URL.", nameof(url));
        }

        return uri;
    }

    internal static string RedactUserInfo(string url)
    {
        var at = url.IndexOf('@', StringComparison.Ordinal);
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        return at > 0 && scheme >= 0 && at > scheme ? url[..(scheme + 3)] + "***@" + url[(at + 1)..] : url;
    }
}
