using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Coordination.ElasticsearchEmulator.Tests.Infrastructure;

namespace Coordination.ElasticsearchEmulator.Tests.Spec;

/// <summary>
/// Section 1, compression: bodies sent with Content-Encoding gzip or deflate are inflated before parsing (the official
/// 9.x client gzips every body), and answers are compressed for requests that accept it (http.compression).
/// </summary>
public sealed class CompressionTests(EsFixture fixture) : EsTestBase(fixture)
{
    private sealed record RawReply(int Status, HttpResponseHeaders Headers, HttpContentHeaders ContentHeaders, byte[] Body)
    {
        public string? ContentEncoding => ContentHeaders.ContentEncoding.Count > 0 ? string.Join(",", ContentHeaders.ContentEncoding) : null;

        public JsonNode? Json(string? coding = null) => Body.Length == 0 ? null : JsonNode.Parse(Inflate(coding, Body));
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("GZIP")]
    [InlineData("x-gzip")]
    [InlineData("deflate")]
    [InlineData("Deflate")]
    [InlineData("raw-deflate")]
    [InlineData("identity")]
    public async Task A_compressed_body_is_inflated_before_it_is_parsed(string coding)
    {
        var index = NewIndex();
        var json = """{"owner":"A","token":7}""";
        var header = coding == "raw-deflate" ? "deflate" : coding;
        var reply = await SendAsync(HttpMethod.Put, EsClient.Doc(index, "1"), Compress(coding, json), header);
        Assert.Equal(201, reply.Status);
        Assert.Equal("created", reply.Json()!["result"]!.GetValue<string>());

        var stored = await Es.GetAsync(EsClient.Doc(index, "1"), Cancel);
        EsAssert.Status(200, stored);
        Assert.Equal("A", stored.Str("_source.owner"));
        Assert.Equal(7, stored.Long("_source.token"));
    }

    [Fact]
    public async Task A_gzipped_bulk_body_is_inflated_too()
    {
        var index = NewIndex();
        var ndjson = $$$"""
            {"create":{"_index":"{{{index}}}","_id":"a"}}
            {"owner":"A"}
            {"create":{"_index":"{{{index}}}","_id":"b"}}
            {"owner":"B"}

            """;
        var reply = await SendAsync(HttpMethod.Post, "/_bulk", Compress("gzip", ndjson), "gzip", contentType: "application/x-ndjson");
        Assert.Equal(200, reply.Status);
        Assert.False(reply.Json()!["errors"]!.GetValue<bool>());
        EsAssert.Status(200, await Es.GetAsync(EsClient.Doc(index, "b"), Cancel));
    }

    [Fact]
    public async Task A_damaged_gzip_body_closes_the_connection_and_changes_nothing()
    {
        var index = NewIndex();
        var damaged = Compress("gzip", """{"owner":"A"}""");
        // Past the 10-byte header, the deflate data no longer holds together.
        for (var i = 10; i < damaged.Length - 8; i++)
        {
            damaged[i] ^= 0x5A;
        }

        // Elasticsearch's Netty pipeline fails on the body before any REST handling and closes the channel: no answer.
        await Assert.ThrowsAsync<HttpRequestException>(() => SendAsync(HttpMethod.Put, EsClient.Doc(index, "1"), damaged, "gzip"));

        // Nothing ran: not even the index was auto-created.
        EsAssert.IndexNotFound(await Es.GetAsync(EsClient.Doc(index, "1"), Cancel), index);
    }

    [Fact]
    public async Task A_body_with_a_coding_the_node_does_not_know_is_parsed_as_it_is()
    {
        var index = NewIndex();
        var reply = await SendAsync(HttpMethod.Put, EsClient.Doc(index, "1"), Compress("gzip", """{"owner":"A"}"""), "br");
        Assert.Equal(400, reply.Status);
        Assert.Equal(400, reply.Json()!["status"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("gzip", "gzip")]
    [InlineData("gzip, deflate", "gzip")]
    [InlineData("deflate", "deflate")]
    [InlineData("deflate, gzip;q=0.5", "deflate")]
    [InlineData("*", "gzip")]
    [InlineData("gzip;q=0, deflate;q=0", null)]
    [InlineData("identity", null)]
    [InlineData(null, null)]
    public async Task Answers_are_compressed_as_the_request_accepts(string? acceptEncoding, string? expected)
    {
        var index = NewIndex();
        EsAssert.Status(201, await Es.PutAsync(EsClient.Doc(index, "1"), """{"owner":"A"}""", Cancel));

        var reply = await SendAsync(HttpMethod.Get, EsClient.Doc(index, "1"), null, acceptEncoding: acceptEncoding);
        Assert.Equal(200, reply.Status);
        Assert.Equal(expected, reply.ContentEncoding);
        if (expected is not null)
        {
            Assert.Contains("Accept-Encoding", reply.Headers.Vary);
            Assert.Equal(reply.Body.Length, reply.ContentHeaders.ContentLength);
        }

        Assert.Equal("A", reply.Json(expected)!["_source"]!["owner"]!.GetValue<string>());
        Assert.Equal("Elasticsearch", string.Join(",", reply.Headers.GetValues("X-Elastic-Product")));
    }

    [Fact]
    public async Task Errors_are_compressed_too()
    {
        var index = NewIndex("missing");
        var reply = await SendAsync(HttpMethod.Get, EsClient.Doc(index, "1"), null, acceptEncoding: "gzip");
        Assert.Equal(404, reply.Status);
        Assert.Equal("gzip", reply.ContentEncoding);
        Assert.Equal("index_not_found_exception", reply.Json("gzip")!["error"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Head_answers_stay_bodyless_with_compression_accepted()
    {
        var index = NewIndex();
        EsAssert.Status(201, await Es.PutAsync(EsClient.Doc(index, "1"), """{"owner":"A"}""", Cancel));

        foreach (var (path, status) in new[] { (EsClient.Doc(index, "1"), 200), (EsClient.Doc(index, "2"), 404), ("/" + index, 200), ("/", 200) })
        {
            var reply = await SendAsync(HttpMethod.Head, path, null, acceptEncoding: "gzip");
            Assert.Equal(status, reply.Status);
            Assert.Empty(reply.Body);
            Assert.Null(reply.ContentEncoding);
        }
    }

    [Fact]
    public async Task A_gzipped_request_with_a_gzipped_answer_round_trips()
    {
        var index = NewIndex();
        var reply = await SendAsync(HttpMethod.Post, EsClient.Path(index, "_doc", "1", "refresh=true"), Compress("gzip", """{"owner":"A"}"""), "gzip", acceptEncoding: "gzip");
        Assert.Equal(201, reply.Status);
        Assert.Equal("gzip", reply.ContentEncoding);
        Assert.True(reply.Json("gzip")!["forced_refresh"]!.GetValue<bool>());

        var search = await SendAsync(HttpMethod.Post, EsClient.Path(index, "_search"), Compress("gzip", """{"query":{"term":{"owner.keyword":"A"}}}"""), "gzip", acceptEncoding: "gzip");
        Assert.Equal(200, search.Status);
        Assert.Equal(1, search.Json("gzip")!["hits"]!["total"]!["value"]!.GetValue<int>());
    }

    [Fact]
    public async Task Compression_can_be_switched_off_but_compressed_bodies_are_still_read()
    {
        RequireEmulator("a second emulator with http.compression off");
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { TimeProvider = Fixture.Clock!, HttpCompression = false }, Cancel);
        using var http = EsFixture.NewHttpClient(server.Url);

        var reply = await SendAsync(HttpMethod.Put, EsClient.Doc("plain", "1"), Compress("gzip", """{"owner":"A"}"""), "gzip", acceptEncoding: "gzip", client: http);
        Assert.Equal(201, reply.Status);
        Assert.Null(reply.ContentEncoding);
        Assert.Equal("created", reply.Json()!["result"]!.GetValue<string>());
    }

    private async Task<RawReply> SendAsync(
        HttpMethod method,
        string path,
        byte[]? body,
        string? contentEncoding = null,
        string? acceptEncoding = null,
        string contentType = "application/json",
        HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            if (contentEncoding is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Encoding", contentEncoding);
            }
        }

        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }

        using var response = await (client ?? Es.Http).SendAsync(request, Cancel);
        var bytes = await response.Content.ReadAsByteArrayAsync(Cancel);
        return new RawReply((int)response.StatusCode, response.Headers, response.Content.Headers, bytes);
    }

    private static byte[] Compress(string coding, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (coding == "identity")
        {
            return bytes;
        }

        using var output = new MemoryStream();
        using (Stream stream = coding.ToLowerInvariant() switch
        {
            "deflate" => new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true),
            "raw-deflate" => new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true),
            _ => new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true),
        })
        {
            stream.Write(bytes);
        }

        return output.ToArray();
    }

    private static byte[] Inflate(string? coding, byte[] body)
    {
        if (coding is null)
        {
            return body;
        }

        using var input = new MemoryStream(body);
        using Stream stream = coding == "gzip" ? new GZipStream(input, CompressionMode.Decompress) : new ZLibStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        stream.CopyTo(output);
        return output.ToArray();
    }
}
