using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coordination.ElasticsearchEmulator.Tests.Infrastructure;

/// <summary>Raw HTTP + JSON access to Elasticsearch (or the emulator): no client library, bodies as written.</summary>
public sealed class EsClient
{
    private readonly HttpClient _http;

    public EsClient(HttpClient http)
    {
        _http = http;
    }

    public HttpClient Http => _http;

    /// <summary>Path of a document: index and id percent-encoded, as a client must send them.</summary>
    public static string Doc(string index, string id, string? query = null) =>
        $"/{Uri.EscapeDataString(index)}/_doc/{Uri.EscapeDataString(id)}{Query(query)}";

    public static string Path(string index, string endpoint, string? id = null, string? query = null) =>
        $"/{Uri.EscapeDataString(index)}/{endpoint}{(id is null ? string.Empty : "/" + Uri.EscapeDataString(id))}{Query(query)}";

    private static string Query(string? query) => query is null ? string.Empty : "?" + query;

    public Task<EsReply> GetAsync(string path, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, path, null, cancellationToken: cancellationToken);

    public Task<EsReply> HeadAsync(string path, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Head, path, null, cancellationToken: cancellationToken);

    public Task<EsReply> DeleteAsync(string path, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, path, null, cancellationToken: cancellationToken);

    public Task<EsReply> PutAsync(string path, string? json, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, path, json, cancellationToken: cancellationToken);

    public Task<EsReply> PostAsync(string path, string? json, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, path, json, cancellationToken: cancellationToken);

    public Task<EsReply> BulkAsync(string path, params string[] lines) =>
        SendAsync(HttpMethod.Post, path, string.Join("\n", lines) + "\n", "application/x-ndjson");

    public async Task<EsReply> SendAsync(
        HttpMethod method,
        string path,
        string? body,
        string contentType = "application/json",
        IEnumerable<KeyValuePair<string, string>>? headers = null,
        CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        if (headers is not null)
        {
            foreach (var (name, value) in headers)
            {
                if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                {
                    request.Content?.Headers.Remove("Content-Type");
                    request.Content?.Headers.TryAddWithoutValidation(name, value);
                }
                else
                {
                    request.Headers.TryAddWithoutValidation(name, value);
                }
            }
        }

        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        JsonNode? json = null;
        if (text.Length > 0)
        {
            try
            {
                json = JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                json = null;
            }
        }

        return new EsReply
        {
            Status = (int)response.StatusCode,
            Text = text,
            Headers = response.Headers,
            ContentHeaders = response.Content.Headers,
            Json = json,
        };
    }

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));
}
