using System.Text;
using Coordination.ElasticsearchEmulator.Tests.Infrastructure;

namespace Coordination.ElasticsearchEmulator.Tests.Spec;

/// <summary>Section 2: the index API (routes, op types, validation order, response shape, ids, auto-creation).</summary>
public sealed class IndexApiTests(EsFixture fixture) : EsTestBase(fixture)
{
    [Fact]
    public async Task Created_response_has_fields_in_order_a_location_and_two_shard_copies()
    {
        var index = NewIndex();
        var reply = await Es.PutAsync(EsClient.Doc(index, "k1"), """{"owner":"A"}""", Cancel);
        EsAssert.Written(reply, 201, "created", 1, seqNo: 0);
        Assert.Equal(1, reply.Long("_primary_term"));
        Assert.Equal($"/{index}/_doc/k1", reply.Header("Location"));
        Assert.Equal(2, reply.Long("_shards.total"));
        Assert.Equal(1, reply.Long("_shards.successful"));
        Assert.Equal(0, reply.Long("_shards.failed"));
        Assert.False(reply.Has("forced_refresh"));
        Assert.False(reply.Has("_type"));

        var updated = await Es.PostAsync(EsClient.Doc(index, "k1"), """{"owner":"B"}""", Cancel);
        EsAssert.Written(updated, 200, "updated", 2, seqNo: 1);
        Assert.Null(updated.Header("Location"));
    }

    [Fact]
    public async Task Shards_total_is_replicas_plus_one()
    {
        var index = await CreateIndexAsync("""{"number_of_replicas":0}""");
        var reply = await Es.PutAsync(EsClient.Doc(index, "1"), """{"a":1}""", Cancel);
        Assert.Equal(1, reply.Long("_shards.total"));
        Assert.Equal(1, reply.Long("_shards.successful"));
    }

    [Fact]
    public async Task Post_without_id_generates_one_and_creates()
    {
        var index = NewIndex();
        var reply = await Es.PostAsync(EsClient.Path(index, "_doc"), """{"a":1}""", Cancel);
        EsAssert.Written(reply, 201, "created", 1);
        var id = reply.Str("_id")!;
        Assert.False(string.IsNullOrEmpty(id));
        Assert.Equal(200, (await Es.GetAsync(EsClient.Doc(index, id), Cancel)).Status);
    }

    [Fact]
    public async Task Create_route_refuses_op_type_index()
    {
        var reply = await Es.PutAsync(EsClient.Path(NewIndex(), "_create", "1", "op_type=index"), """{"a":1}""", Cancel);
        EsAssert.IllegalArgument(reply, "opType must be 'create', found: [index]");
    }

    [Fact]
    public async Task Unknown_op_type_is_refused()
    {
        var reply = await Es.PutAsync(EsClient.Doc(NewIndex(), "1", "op_type=upsert"), """{"a":1}""", Cancel);
        EsAssert.IllegalArgument(reply, "opType must be 'create' or 'index', found: [upsert]");
    }

    [Theory]
    [InlineData("op_type=create&version_type=external&version=3", "create operations only support internal versioning. use index instead")]
    [InlineData("op_type=create&version=3", "create operations do not support explicit versions. use index instead")]
    [InlineData("op_type=create&if_seq_no=0&if_primary_term=1", "create operations do not support compare and set. use index instead")]
    [InlineData("op_type=create&if_primary_term=1", "create operations do not support compare and set. use index instead")]
    [InlineData("version=3", "internal versioning can not be used for optimistic concurrency control. Please use `if_seq_no` and `if_primary_term` instead")]
    [InlineData("if_seq_no=0", "ifSeqNo is set, but primary term is [0]")]
    [InlineData("if_primary_term=4", "ifSeqNo is unassigned, but primary term is [4]")]
    [InlineData("version_type=external&version=-5", "illegal version value [-5] for version type [EXTERNAL]")]
    public async Task Index_validation_messages(string query, string message)
    {
        var index = NewIndex();
        var reply = await Es.PutAsync(EsClient.Doc(index, "1", query), """{"a":1}""", Cancel);
        EsAssert.Validation(reply, message);
        EsAssert.Status(404, await Es.HeadAsync("/" + index, Cancel));
    }

    [Fact]
    public async Task If_primary_term_zero_counts_as_unset()
    {
        var reply = await Es.PutAsync(EsClient.Doc(NewIndex(), "1", "if_primary_term=0"), """{"a":1}""", Cancel);
        EsAssert.Written(reply, 201, "created", 1);
    }

    [Fact]
    public async Task Compare_and_write_cannot_be_combined_with_versioning()
    {
        var reply = await Es.PutAsync(EsClient.Doc(NewIndex(), "1", "if_seq_no=0&if_primary_term=1&version_type=external&version=4"), """{"a":1}""", Cancel);
        EsAssert.Validation(reply, "compare and write operations can not use versioning");
    }

    [Fact]
    public async Task Version_type_without_an_id_is_refused()
    {
        var reply = await Es.PostAsync(EsClient.Path(NewIndex(), "_doc", query: "op_type=index&version_type=external&version=4"), """{"a":1}""", Cancel);
        EsAssert.Validation(reply, "an id must be provided if version type or value are set");
    }

    [Theory]
    [InlineData("if_seq_no=-1&if_primary_term=1", "sequence numbers must be non negative. got [-1].")]
    [InlineData("if_seq_no=1&if_primary_term=-1", "primary term must be non negative. got [-1]")]
    public async Task Negative_cas_values_are_illegal_arguments(string query, string message)
    {
        var reply = await Es.PutAsync(EsClient.Doc(NewIndex(), "1", query), """{"a":1}""", Cancel);
        EsAssert.SimpleError(reply, 400, "illegal_argument_exception", message);
    }

    [Fact]
    public async Task Ids_up_to_512_utf8_bytes_are_accepted_and_longer_ones_refused()
    {
        var index = NewIndex();
        EsAssert.Status(201, await Es.PutAsync(EsClient.Doc(index, new string('x', 512)), """{"a":1}""", Cancel));

        var euros = new string('€', 171);
        Assert.Equal(513, Encoding.UTF8.GetByteCount(euros));
        var reply = await Es.PutAsync(EsClient.Doc(index, euros), """{"a":1}""", Cancel);
        EsAssert.Validation(reply, $"id [{euros}] is too long, must be no longer than 512 bytes but was: 513");
    }

    [Theory]
    [InlineData("orders/42")]
    [InlineData("a b+c")]
    [InlineData("ключ-ü-鍵")]
    [InlineData("50%?&=#")]
    public async Task Ids_with_slashes_spaces_and_unicode_round_trip(string id)
    {
        var index = NewIndex();
        var created = await Es.PutAsync(EsClient.Doc(index, id), """{"a":1}""", Cancel);
        EsAssert.Status(201, created);
        Assert.Equal(id, created.Str("_id"));
        Assert.Equal($"/{index}/_doc/{JavaUrlEncode(id)}", created.Header("Location"));

        var got = await Es.GetAsync(EsClient.Doc(index, id), Cancel);
        EsAssert.Status(200, got);
        Assert.Equal(id, got.Str("_id"));
        EsAssert.Status(200, await Es.DeleteAsync(EsClient.Doc(index, id), Cancel));
    }

    [Fact]
    public async Task Missing_index_is_created_even_when_the_write_then_conflicts()
    {
        var index = NewIndex();
        var reply = await Es.PutAsync(EsClient.Doc(index, "1", "if_seq_no=0&if_primary_term=1"), """{"a":1}""", Cancel);
        EsAssert.Conflict(reply, index, "1", "required seqNo [0], primary term [1]. but no document was found");
        EsAssert.Status(200, await Es.HeadAsync("/" + index, Cancel));

        var settings = await Es.GetAsync($"/{index}/_settings", Cancel);
        Assert.Equal("1", settings.Str($"{index}.settings.index.number_of_shards"));
        Assert.Equal("1", settings.Str($"{index}.settings.index.number_of_replicas"));
    }

    [Fact]
    public async Task Forced_refresh_appears_only_with_refresh_true()
    {
        var index = NewIndex();
        Assert.False((await Es.PutAsync(EsClient.Doc(index, "1"), """{"a":1}""", Cancel)).Has("forced_refresh"));
        Assert.False((await Es.PutAsync(EsClient.Doc(index, "2", "refresh=false"), """{"a":1}""", Cancel)).Has("forced_refresh"));
        var forced = await Es.PutAsync(EsClient.Doc(index, "3", "refresh=true"), """{"a":1}""", Cancel);
        Assert.True(forced.Bool("forced_refresh"));
        EsAssert.Written(forced, 201, "created", 1);
    }

    [Fact]
    public async Task Bad_refresh_value_is_refused()
    {
        var reply = await Es.PutAsync(EsClient.Doc(NewIndex(), "1", "refresh=now"), """{"a":1}""", Cancel);
        EsAssert.IllegalArgument(reply, "Unknown value for refresh: [now].");
    }

    [Fact]
    public async Task Missing_body_is_a_parse_exception()
    {
        var reply = await Es.SendAsync(HttpMethod.Put, EsClient.Doc(NewIndex(), "1"), null, cancellationToken: Cancel);
        EsAssert.SimpleError(reply, 400, "parse_exception", "request body is required");
    }

    [Fact]
    public async Task Unknown_pipeline_is_refused_and_creates_nothing()
    {
        var index = NewIndex();
        var reply = await Es.PutAsync(EsClient.Doc(index, "1", "pipeline=does-not-exist"), """{"a":1}""", Cancel);
        EsAssert.IllegalArgument(reply, "pipeline with id [does-not-exist] does not exist");
        EsAssert.Status(404, await Es.HeadAsync("/" + index, Cancel));
    }

    [Fact]
    public async Task Invalid_index_names_are_refused()
    {
        var upper = await Es.PutAsync(EsClient.Doc("Locks" + Guid.NewGuid().ToString("N")[..6], "1"), """{"a":1}""", Cancel);
        EsAssert.Status(400, upper);
        Assert.Equal("invalid_index_name_exception", upper.Str("error.type"));
        Assert.EndsWith("must be lowercase", upper.Str("error.reason"));

        var underscore = await Es.PutAsync(EsClient.Doc("_locks", "1"), """{"a":1}""", Cancel);
        EsAssert.SimpleError(underscore, 400, "invalid_index_name_exception", "Invalid index name [_locks], must not start with '_', '-', or '+'");
    }

    [Fact]
    public async Task Value_that_does_not_fit_the_mapping_is_refused_before_taking_a_sequence_number()
    {
        var index = await CreateIndexAsync(mappingsJson: """{"properties":{"fencing":{"type":"long"}}}""");
        var bad = await Es.PutAsync(EsClient.Doc(index, "1"), """{"fencing":"abc"}""", Cancel);
        EsAssert.Status(400, bad);
        Assert.Equal("document_parsing_exception", bad.Str("error.type"));
        Assert.Contains("failed to parse field [fencing] of type [long] in document with id '1'", bad.Str("error.reason"));

        var good = await Es.PutAsync(EsClient.Doc(index, "1"), """{"fencing":7}""", Cancel);
        EsAssert.Written(good, 201, "created", 1, seqNo: 0);
    }

    [Fact]
    public async Task Writes_and_reads_through_an_alias_reach_its_write_index()
    {
        var index = NewIndex();
        var alias = index + "-alias";
        EsAssert.Status(200, await Es.PutAsync("/" + index, $$"""{"aliases":{"{{alias}}":{"is_write_index":true} } }""", Cancel));
        var written = await Es.PutAsync(EsClient.Doc(alias, "k", "require_alias=true"), """{"owner":"A"}""", Cancel);
        EsAssert.Written(written, 201, "created", 1);
        Assert.Equal(index, written.Str("_index"));
        Assert.Equal(index, (await Es.GetAsync(EsClient.Doc(alias, "k"), Cancel)).Str("_index"));

        var notAlias = await Es.PutAsync(EsClient.Doc(index, "k2", "require_alias=true"), """{"owner":"A"}""", Cancel);
        EsAssert.SimpleError(notAlias, 404, "index_not_found_exception",
            $"no such index [{index}] and [require_alias] request flag is [true] and [{index}] is not an alias");
    }

    private static string JavaUrlEncode(string value)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '*' or '_')
            {
                builder.Append(c);
            }
            else if (c == ' ')
            {
                builder.Append('+');
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
