using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace Coordination.ElasticsearchEmulator.Tests.Infrastructure;

/// <summary>
/// The server the conformance tests talk to: the in-process emulator on a manual clock, or, when the environment
/// variable <c>COORDINATION_TEST_ES_URL</c> is set (e.g. <c>http://elastic:secret@localhost:9200</c>), that real
/// cluster. One per test class; tests use unique index names so they never collide on a shared cluster.
/// </summary>
public sealed class EsFixture : IAsyncLifetime
{
    public const string UrlVariable = "COORDINATION_TEST_ES_URL";

    private HttpClient? _http;

    public static string? ExternalUrl => Environment.GetEnvironmentVariable(UrlVariable) is { Length: > 0 } url ? url : null;

    public EmulatorServer? Server { get; private set; }

    public FakeTimeProvider? Clock { get; private set; }

    public bool IsEmulator => Server is not null;

    public EsClient Client { get; private set; } = null!;

    public Uri Url { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        if (ExternalUrl is { } external)
        {
            var uri = new Uri(external);
            _http = new HttpClient { BaseAddress = new Uri(uri.GetLeftPart(UriPartial.Authority)), Timeout = TimeSpan.FromSeconds(60) };
            if (uri.UserInfo.Length > 0)
            {
                _http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
                    "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(uri.UserInfo))));
            }

            Url = _http.BaseAddress;
        }
        else
        {
            Clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
            Server = await EmulatorServer.StartAsync(new EmulatorOptions { TimeProvider = Clock }, TestContext.Current.CancellationToken);
            Url = Server.Url;
            _http = NewHttpClient(Url);
        }

        Client = new EsClient(_http);
    }

    /// <summary>A client whose timeout is a safety net only: tests never rely on it.</summary>
    public static HttpClient NewHttpClient(Uri url) => new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        BaseAddress = url,
        Timeout = TimeSpan.FromSeconds(30),
    };

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}
