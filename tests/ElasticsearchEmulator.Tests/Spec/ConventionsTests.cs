using System.Text.Json.Nodes;
using Coordination.ElasticsearchEmulator.Tests.Infrastructure;

namespace Coordination.ElasticsearchEmulator.Tests.Spec;

/// <summary>Section 1 of elasticsearch-api.md: envelopes, validation and parameter errors, product header, media types.</summary>
public sealed class ConventionsTests(EsFixture fixture) : EsTestBase(fixture)
{
    [Fact]
    public async Task ErrorEnvelope_root_cause_repeats_type_reason_and_shard_metadata_in_order()
    {
        var index = NewIndex();
        EsAssert.Status(201, await Es.PutAsync(EsClient.Doc(index, "1"), """{"a":1}""", Cancel));
        var conflict = await Es.PutAsync(EsClient.Doc(index, "1", "op_type=create"), """{"a":1}""", Cancel);

        EsAssert.Conflict(conflict, index, "1", "document already exists (current version [1])");
        Assert.Equal(["error", "status"], conflict.Keys());
        Assert.Equal(["root_cause", "type", "reason", "index_uuid", "shard", "index"], conflict.Keys("error"));
        Assert.Equal("0", conflict.Str("error.shard"));
        Assert.Single(conflict.At("error.root_cause")!.AsArray());
    }

    [Fact]
    public async Task Validation_errors_are_numbered_and_each_ends_with_a_semicolon()
    {
        var index = NewIndex();
        var reply = await Es.PutAsync(EsClient.Doc(index, "1", "version=5&if_seq_no=1"), """{"a":1}""", Cancel);
        EsAssert.Validation(reply,
            "internal versioning can not be used for optimistic concurrency control. Please use `if_seq_no` and `if_primary_term` instead",
            "compare and write operations can not use versioning",
            "ifSeqNo is set, but primary term is [0]");
        Assert.StartsWith("Validation Failed: 1: internal versioning", reply.Str("error.reason"));
        Assert.Contains(";2: compare and write operations can not use versioning;3: ", reply.Str("error.reason"));
    }

    [Fact]
    public async Task Unrecognized_parameter_is_rejected_before_anything_runs()
    {
        var index = NewIndex();
        var reply = await Es.PutAsync(EsClient.Doc(index, "1", "colour=blue"), """{"a":1}""", Cancel);
        EsAssert.SimpleError(reply, 400, "illegal_argument_exception", $"request [/{index}/_doc/1] contains unrecognized parameter: [colour]");
        EsAssert.Status(404, await Es.HeadAsync("/" + index, Cancel));
    }

    [Fact]
    public async Task Unrecognized_parameter_close_to_a_known_one_gets_a_suggestion()
    {
        var index = NewIndex();
        var reply = await Es.PutAsync(EsClient.Doc(index, "1", "if_seq_n=1"), """{"a":1}""", Cancel);
        EsAssert.IllegalArgument(reply, $"request [/{index}/_doc/1] contains unrecognized parameter: [if_seq_n] -> did you mean [if_seq_no]?");
    }

    [Fact]
    public async Task Bad_long_parameter_reports_the_parameter_and_the_number_format_cause()
    {
        var index = NewIndex();
        var reply = await Es.PutAsync(EsClient.Doc(index, "1", "if_seq_no=abc&if_primary_term=1"), """{"a":1}""", Cancel);
        EsAssert.IllegalArgument(reply, "Failed to parse long parameter [if_seq_no] with value [abc]");
        Assert.Equal("illegal_argument_exception", reply.Str("error.root_cause.0.type"));
        Assert.Equal("number_format_exception", reply.Str("error.caused_by.type"));
        Assert.Equal("For input string: \"abc\"", reply.Str("error.caused_by.reason"));
    }

    [Fact]
    public async Task Every_response_carries_the_product_header()
    {
        var index = NewIndex();
        var replies = new List<EsReply>
        {
            await Es.GetAsync("/", Cancel),
            await Es.PutAsync(EsClient.Doc(index, "1"), """{"a":1}""", Cancel),
            await Es.PutAsync(EsClient.Doc(index, "1", "op_type=create"), """{"a":1}""", Cancel),
            await Es.GetAsync(EsClient.Doc(index, "nope"), Cancel),
            await Es.HeadAsync(EsClient.Doc(index, "1"), Cancel),
            await Es.HeadAsync(EsClient.Doc(index, "nope"), Cancel),
            await Es.GetAsync(EsClient.Doc(NewIndex("missing"), "1"), Cancel),
            await Es.PutAsync(EsClient.Doc(index, "1", "bogus=1"), """{"a":1}""", Cancel),
        };
        Assert.Equal([200, 201, 409, 404, 200, 404, 404, 400], replies.Select(r => r.Status));
        Assert.All(replies, r => Assert.Equal("Elasticsearch", r.Header("X-Elastic-Product")));
    }

    [Theory]
    [InlineData("application/vnd.elasticsearch+json; compatible-with=9", "application/vnd.elasticsearch+json;compatible-with=9")]
    [InlineData("application/vnd.elasticsearch+json;compatible-with=9", "application/vnd.elasticsearch+json;compatible-with=9")]
    [InlineData("application/vnd.elasticsearch+json; compatible-with=8", "application/vnd.elasticsearch+json;compatible-with=8")]
    [InlineData("application/vnd.elasticsearch+json;compatible-with=8", "application/vnd.elasticsearch+json;compatible-with=8")]
    [InlineData("application/json", "application/json")]
    public async Task Compatible_media_types_are_accepted_and_echoed(string mediaType, string expectedResponseType)
    {
        var index = NewIndex();
        var headers = new Dictionary<string, string> { ["Accept"] = mediaType, ["Content-Type"] = mediaType };
        var reply = await Es.SendAsync(HttpMethod.Put, EsClient.Doc(index, "1"), """{"a":1}""", mediaType, headers, Cancel);

        EsAssert.Status(201, reply);
        Assert.Equal("created", reply.Str("result"));
        Assert.Equal("Elasticsearch", reply.Header("X-Elastic-Product"));
        Assert.Equal(expectedResponseType, reply.ContentHeaders.ContentType?.ToString().Replace(" ", string.Empty, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(7)]
    public async Task Compatible_with_other_than_9_or_8_is_a_media_type_header_exception(int version)
    {
        var mediaType = $"application/vnd.elasticsearch+json; compatible-with={version}";
        var headers = new Dictionary<string, string> { ["Accept"] = mediaType };
        var reply = await Es.SendAsync(HttpMethod.Get, "/", null, headers: headers, cancellationToken: Cancel);
        EsAssert.Error(reply, 400, "media_type_header_exception", "Invalid media-type value on headers [Accept, Content-Type]");
        Assert.Equal("media_type_header_exception", reply.Str("error.root_cause.0.type"));
        Assert.Equal("status_exception", reply.Str("error.caused_by.type"));
        Assert.Equal($"Accept version must be either version 9 or 8, but found {version}. Accept={mediaType}", reply.Str("error.caused_by.reason"));
        Assert.Equal("Elasticsearch", reply.Header("X-Elastic-Product"));
    }

    [Fact]
    public async Task Content_type_of_a_refused_major_is_reported_for_the_content_type()
    {
        const string accept = "application/vnd.elasticsearch+json; compatible-with=9";
        const string contentType = "application/vnd.elasticsearch+json; compatible-with=10";
        var headers = new Dictionary<string, string> { ["Accept"] = accept, ["Content-Type"] = contentType };
        var reply = await Es.SendAsync(HttpMethod.Put, EsClient.Doc(NewIndex(), "1"), """{"a":1}""", contentType, headers, Cancel);
        EsAssert.Error(reply, 400, "media_type_header_exception", "Invalid media-type value on headers [Accept, Content-Type]");
        Assert.Equal($"Content-Type version must be either version 9 or 8, but found 10. Content-Type={contentType}", reply.Str("error.caused_by.reason"));
    }

    [Fact]
    public async Task Accept_and_content_type_must_ask_for_the_same_compatible_version()
    {
        const string accept = "application/vnd.elasticsearch+json; compatible-with=9";
        const string contentType = "application/vnd.elasticsearch+json; compatible-with=8";
        var headers = new Dictionary<string, string> { ["Accept"] = accept, ["Content-Type"] = contentType };
        var reply = await Es.SendAsync(HttpMethod.Put, EsClient.Doc(NewIndex(), "1"), """{"a":1}""", contentType, headers, Cancel);
        EsAssert.Error(reply, 400, "media_type_header_exception", "Invalid media-type value on headers [Accept, Content-Type]");
        Assert.StartsWith("A compatible version is required on both Content-Type and Accept headers if either one has requested a compatible version and the compatible versions must match.", reply.Str("error.caused_by.reason"));
    }

    [Theory]
    [InlineData(8, 201, "application/vnd.elasticsearch+json;compatible-with=8")]
    [InlineData(7, 201, "application/vnd.elasticsearch+json;compatible-with=7")]
    [InlineData(9, 400, null)]
    public async Task An_8x_emulator_accepts_8_and_7_and_refuses_9(int version, int status, string? responseType)
    {
        RequireEmulator("a second emulator reporting 8.x");
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { TimeProvider = Fixture.Clock!, Version = "8.15.0" }, Cancel);
        using var http = EsFixture.NewHttpClient(server.Url);
        var es = new EsClient(http);
        var mediaType = $"application/vnd.elasticsearch+json; compatible-with={version}";
        var headers = new Dictionary<string, string> { ["Accept"] = mediaType, ["Content-Type"] = mediaType };

        var reply = await es.SendAsync(HttpMethod.Put, EsClient.Doc("eight", "1"), """{"a":1}""", mediaType, headers, Cancel);
        EsAssert.Status(status, reply);
        if (responseType is not null)
        {
            Assert.Equal(responseType, reply.ContentHeaders.ContentType?.ToString().Replace(" ", string.Empty, StringComparison.Ordinal));
        }
        else
        {
            Assert.Equal($"Accept version must be either version 8 or 7, but found 9. Accept={mediaType}", reply.Str("error.caused_by.reason"));
        }

        Assert.StartsWith("8.", (await es.GetAsync("/", Cancel)).Str("version.number"));
    }

    [Fact]
    public async Task Body_in_an_unsupported_format_is_a_406_with_a_plain_string_error()
    {
        var reply = await Es.SendAsync(HttpMethod.Put, EsClient.Doc(NewIndex(), "1"), "a=1", "text/plain", cancellationToken: Cancel);
        EsAssert.Status(406, reply);
        Assert.Equal("""{"error":"Content-Type header [text/plain] is not supported","status":406}""", reply.Json!.ToJsonString());
    }

    [Fact]
    public async Task Unknown_endpoint_and_wrong_method_use_the_plain_error_form()
    {
        var noHandler = await Es.GetAsync("/_nothing_here/at/all", Cancel);
        EsAssert.Status(400, noHandler);
        Assert.Equal("no handler found for uri [/_nothing_here/at/all] and method [GET]", noHandler.Str("error"));

        var wrongMethod = await Es.DeleteAsync("/_cluster/health", Cancel);
        EsAssert.Status(405, wrongMethod);
        Assert.StartsWith("Incorrect HTTP method for uri [/_cluster/health] and method [DELETE], allowed: [", wrongMethod.Str("error"));
        Assert.Equal(405, wrongMethod.Long("status"));
    }

    [Fact]
    public async Task Error_bodies_are_json_objects_with_error_and_status_only()
    {
        var reply = await Es.GetAsync(EsClient.Doc(NewIndex("missing"), "x"), Cancel);
        Assert.IsType<JsonObject>(reply.Json);
        Assert.Equal(["error", "status"], reply.Keys());
    }

    [Fact]
    public async Task Filter_path_and_pretty_shape_any_response()
    {
        var index = NewIndex();
        await Es.PutAsync(EsClient.Doc(index, "1"), """{"owner":"A"}""", Cancel);
        var filtered = await Es.GetAsync(EsClient.Doc(index, "1", "filter_path=_seq_no,_primary_term,_source.owner"), Cancel);
        Assert.Equal("""{"_seq_no":0,"_primary_term":1,"_source":{"owner":"A"}}""", filtered.Json!.ToJsonString());

        var pretty = await Es.GetAsync(EsClient.Doc(index, "1", "pretty"), Cancel);
        Assert.Contains("\n", pretty.Text);
        Assert.Equal("A", pretty.Str("_source.owner"));
    }

    [Fact]
    public async Task Get_with_a_body_is_refused()
    {
        var index = NewIndex();
        await Es.PutAsync(EsClient.Doc(index, "1"), """{"owner":"A"}""", Cancel);
        var reply = await Es.SendAsync(HttpMethod.Get, EsClient.Doc(index, "1"), """{"x":1}""", cancellationToken: Cancel);
        EsAssert.IllegalArgument(reply, $"request [GET /{index}/_doc/1] does not support having a body");
    }
}
