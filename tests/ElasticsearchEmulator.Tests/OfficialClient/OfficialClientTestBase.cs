using System.Text;
using System.Text.Json.Nodes;
using Coordination.ElasticsearchEmulator.Tests.Infrastructure;
using Elastic.Clients.Elasticsearch;
using Elastic.Transport;
using Elastic.Transport.Products.Elasticsearch;

namespace Coordination.ElasticsearchEmulator.Tests.OfficialClient;

/// <summary>
/// Base of the tests that drive the emulator (or, with <c>COORDINATION_TEST_ES_URL</c>, a real cluster) through
/// <c>Elastic.Clients.Elasticsearch</c> 9.x with its default settings: compatible-with=9 headers and gzip request bodies.
/// Every request the client sends is recorded, so a test can finish by replaying the whole conversation over plain
/// raw HTTP against twin resources and requiring the same answers: where the two differ, the emulator is wrong.
/// </summary>
public abstract partial class OfficialClientTestBase : EsTestBase
{
    private readonly List<IDisposable> _owned = [];
    private readonly Dictionary<string, string> _twins = new(StringComparer.Ordinal);

    protected OfficialClientTestBase(EsFixture fixture)
        : base(fixture)
    {
        Wire = new WireRecorder();
        Client = CreateClient(new SingleNodePool(fixture.Url), Wire);
    }

    /// <summary>The official client on the fixture's server, with default settings.</summary>
    protected ElasticsearchClient Client { get; }

    /// <summary>Everything <see cref="Client"/> sent.</summary>
    protected WireRecorder Wire { get; }

    /// <summary>A client on any node pool, recording into <paramref name="wire"/>; default settings unless configured.</summary>
    protected ElasticsearchClient CreateClient(NodePool pool, WireRecorder wire, Action<ElasticsearchClientSettings>? configure = null)
    {
        var settings = new ElasticsearchClientSettings(pool, new HttpRequestInvoker((inner, _) => wire.Wrap(inner)));
        if (EsFixture.ExternalUrl is { } external && new Uri(external).UserInfo is { Length: > 0 } userInfo)
        {
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            settings.Authentication(new BasicAuthentication(Uri.UnescapeDataString(userInfo[..colon]), Uri.UnescapeDataString(userInfo[(colon + 1)..])));
        }

        configure?.Invoke(settings);
        _owned.Add(settings);
        return new ElasticsearchClient(settings);
    }

    /// <summary>
    /// A fresh index name for the client, and a twin of the same length that the raw replay uses instead, so both
    /// conversations start from the same state and their answers can be compared text for text.
    /// </summary>
    protected string NewTwinIndex(string hint = "oc")
    {
        var index = NewIndex(hint);
        _twins[index] = NewIndex(hint);
        return index;
    }

    protected string NewTwinTemplate(string hint = "tpl")
    {
        var template = NewTemplate(hint);
        _twins[template] = NewTemplate(hint);
        return template;
    }

    /// <summary>
    /// Replays every recorded exchange in order over raw HTTP (plain JSON, uncompressed, no compatible-with), with the
    /// twin names, and asserts each answer has the client's status and, apart from the names, timings and uuids, the
    /// client's body.
    /// </summary>
    protected async Task AssertRawReplayAgreesAsync(WireRecorder? wire = null)
    {
        var exchanges = (wire ?? Wire).Exchanges.Where(e => e.Status is not null).ToList();
        Assert.NotEmpty(exchanges);
        foreach (var exchange in exchanges)
        {
            var path = Rename(exchange.PathAndQuery, toTwin: true);
            var body = exchange.RequestBody is { Length: > 0 } bytes ? Rename(Encoding.UTF8.GetString(bytes), toTwin: true) : null;
            var contentType = exchange.RequestHeader("Content-Type")?.Contains("ndjson", StringComparison.Ordinal) == true ? "application/x-ndjson" : "application/json";
            var raw = await Es.SendAsync(new System.Net.Http.HttpMethod(exchange.Method), path, body, contentType, cancellationToken: Cancel);

            Assert.True(exchange.Status == raw.Status, $"{exchange}: the official client got {exchange.Status}, raw HTTP got {raw}");
            var expected = Normalize(Encoding.UTF8.GetString(exchange.ResponseBody ?? []));
            var actual = Normalize(Rename(raw.Text, toTwin: false));
            Assert.True(expected == actual, $"{exchange}: bodies differ\n official client: {expected}\n raw HTTP:        {actual}");
        }
    }

    private string Rename(string text, bool toTwin)
    {
        foreach (var (name, twin) in _twins)
        {
            text = toTwin ? text.Replace(name, twin, StringComparison.Ordinal) : text.Replace(twin, name, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>Blanks what legitimately differs between two runs: timings and generated uuids.</summary>
    private static string Normalize(string text)
    {
        if (text.Length == 0)
        {
            return text;
        }

        // Messages name an index as [name/uuid].
        text = IndexWithUuid().Replace(text, "$1/*]");
        var node = JsonNode.Parse(text);
        Blank(node);
        return node?.ToJsonString() ?? "null";

        static void Blank(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var key in obj.Select(p => p.Key).ToList())
                    {
                        if (key is "took" or "index_uuid" or "uuid" or "creation_date")
                        {
                            obj[key] = "*";
                        }
                        else
                        {
                            Blank(obj[key]);
                        }
                    }

                    break;
                case JsonArray array:
                    foreach (var item in array)
                    {
                        Blank(item);
                    }

                    break;
            }
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(\[[^\[\]/]+)/[A-Za-z0-9_-]{22}\]")]
    private static partial System.Text.RegularExpressions.Regex IndexWithUuid();

    /// <summary>The HTTP status the client saw, for assertions next to the typed response.</summary>
    protected static int? StatusOf(ElasticsearchResponse response) => response.ApiCallDetails.HttpStatusCode;

    public override async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        await base.DisposeAsync();
    }
}
