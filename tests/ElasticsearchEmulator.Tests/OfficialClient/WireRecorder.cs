using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net.Http.Headers;

namespace Coordination.ElasticsearchEmulator.Tests.OfficialClient;

/// <summary>One request the official client put on the wire, and the answer its HTTP stack handed back.</summary>
public sealed record WireExchange(
    string Node,
    string Method,
    string PathAndQuery,
    IReadOnlyDictionary<string, string> RequestHeaders,
    byte[]? SentBody,
    byte[]? RequestBody,
    int? Status,
    byte[]? ResponseBody,
    Exception? Failure)
{
    public string? RequestHeader(string name) => RequestHeaders.TryGetValue(name, out var value) ? value : null;

    public override string ToString() => $"{Method} {Node}{PathAndQuery} -> {(Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Failure?.GetType().Name)}";
}

/// <summary>
/// Sits on top of the transport's own HTTP handler (through <c>HttpRequestInvoker</c>'s wrapping hook), so it sees each
/// request exactly as the client built it (headers, gzip body) and each answer as the client reads it, without
/// changing either. Tests use it to check what the client really sends, and to replay that request over raw HTTP.
/// </summary>
public sealed class WireRecorder
{
    private readonly ConcurrentQueue<WireExchange> _exchanges = new();

    public IReadOnlyList<WireExchange> Exchanges => [.. _exchanges];

    public WireExchange Last => _exchanges.LastOrDefault() ?? throw new InvalidOperationException("nothing was sent");

    public void Clear() => _exchanges.Clear();

    public HttpMessageHandler Wrap(HttpMessageHandler inner) => new Tap(inner, this);

    private sealed class Tap(HttpMessageHandler inner, WireRecorder recorder) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            Collect(headers, request.Headers);
            byte[]? sent = null;
            byte[]? body = null;
            if (request.Content is { } content)
            {
                Collect(headers, content.Headers);

                // Buffering lets the inner handler send the very same bytes afterwards.
                await content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
                sent = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                body = Inflate(content.Headers.ContentEncoding, sent);
            }

            var node = request.RequestUri!.Authority;
            var method = request.Method.Method;
            var target = request.RequestUri!.PathAndQuery;
            try
            {
                var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
                var answer = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                recorder._exchanges.Enqueue(new WireExchange(node, method, target, headers, sent, body, (int)response.StatusCode, answer, null));
                return response;
            }
            catch (Exception e)
            {
                recorder._exchanges.Enqueue(new WireExchange(node, method, target, headers, sent, body, null, null, e));
                throw;
            }
        }

        private static void Collect(Dictionary<string, string> into, HttpHeaders headers)
        {
            foreach (var (name, values) in headers)
            {
                into[name] = string.Join(", ", values);
            }
        }

        private static byte[] Inflate(ICollection<string> encodings, byte[] bytes)
        {
            if (!encodings.Contains("gzip", StringComparer.OrdinalIgnoreCase) || bytes.Length == 0)
            {
                return bytes;
            }

            using var input = new MemoryStream(bytes);
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            gzip.CopyTo(output);
            return output.ToArray();
        }
    }
}
