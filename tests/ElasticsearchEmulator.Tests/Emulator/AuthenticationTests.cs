using Coordination.ElasticsearchEmulator.Tests.Infrastructure;

namespace Coordination.ElasticsearchEmulator.Tests.Emulator;

/// <summary>Section 11 behaviour of a secured cluster: 401 with WWW-Authenticate, and the accepted schemes.</summary>
public sealed class AuthenticationTests(EsFixture fixture) : EsTestBase(fixture)
{
    private static readonly EmulatorCredentials Credentials = new()
    {
        Username = "elastic",
        Password = "changeme",
        ApiKeyId = "key-id",
        ApiKey = "key-secret",
    };

    private async Task<(EmulatorServer Server, HttpClient Http)> StartSecuredAsync()
    {
        RequireEmulator("credentials are an emulator option");
        var server = await EmulatorServer.StartAsync(new EmulatorOptions { TimeProvider = Fixture.Clock!, Credentials = Credentials }, Cancel);
        return (server, EsFixture.NewHttpClient(server.Url));
    }

    [Fact]
    public async Task Missing_credentials_are_a_401_security_exception_with_challenges()
    {
        var (server, http) = await StartSecuredAsync();
        await using var _ = server;
        using var __ = http;
        var reply = await new EsClient(http).GetAsync("/_cluster/health?timeout=1s", Cancel);

        EsAssert.SimpleError(reply, 401, "security_exception", "missing authentication credentials for REST request [/_cluster/health?timeout=1s]");
        var challenges = reply.HeaderValues("WWW-Authenticate");
        Assert.Contains("Basic realm=\"security\", charset=\"UTF-8\"", challenges);
        Assert.Contains("ApiKey", challenges);
        Assert.Equal("Elasticsearch", reply.Header("X-Elastic-Product"));
        Assert.Equal("ApiKey", reply.At("error.header.WWW-Authenticate")!.AsArray().Last()!.GetValue<string>());
    }

    [Fact]
    public async Task Wrong_password_is_a_401_naming_the_user()
    {
        var (server, http) = await StartSecuredAsync();
        await using var _ = server;
        using var __ = http;
        http.DefaultRequestHeaders.Authorization = EsClient.Basic("elastic", "wrong");
        var reply = await new EsClient(http).GetAsync("/", Cancel);
        EsAssert.SimpleError(reply, 401, "security_exception", "unable to authenticate user [elastic] for REST request [/]");
        Assert.NotEmpty(reply.HeaderValues("WWW-Authenticate"));
    }

    [Fact]
    public async Task Basic_and_api_key_credentials_are_accepted()
    {
        var (server, http) = await StartSecuredAsync();
        await using var _ = server;
        using var __ = http;
        var client = new EsClient(http);

        http.DefaultRequestHeaders.Authorization = EsClient.Basic("elastic", "changeme");
        EsAssert.Status(201, await client.PutAsync(EsClient.Doc("secured", "1"), """{"a":1}""", Cancel));

        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("ApiKey", Credentials.EncodedApiKey);
        EsAssert.Status(200, await client.GetAsync(EsClient.Doc("secured", "1"), Cancel));

        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("ApiKey", "bm9wZTpub3Bl");
        EsAssert.Status(401, await client.GetAsync(EsClient.Doc("secured", "1"), Cancel));
    }
}
