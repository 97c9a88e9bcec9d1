using Coordination.ElasticsearchEmulator.Tests.Infrastructure;

namespace Coordination.ElasticsearchEmulator.Tests.Spec;

/// <summary>Section 8: composable templates, their choice on auto-creation, and the built-in data-stream patterns.</summary>
public sealed class TemplateTests(EsFixture fixture) : EsTestBase(fixture)
{
    private static string Unique() => Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Auto_created_index_uses_the_highest_priority_template_only()
    {
        var unique = Unique();
        var low = NewTemplate("low");
        var high = NewTemplate("high");
        EsAssert.Status(200, await Es.PutAsync("/_index_template/" + low, $$"""
            {"index_patterns":["{{unique}}-*"],"priority":10,
             "template":{"settings":{"number_of_replicas":0,"refresh_interval":"5s"},"mappings":{"properties":{"low":{"type":"keyword"} } } } }
            """, Cancel));
        EsAssert.Status(200, await Es.PutAsync("/_index_template/" + high, $$"""
            {"index_patterns":["{{unique}}-locks-*"],"priority":20,
             "template":{"settings":{"number_of_shards":2},"mappings":{"properties":{"owner":{"type":"keyword"},"acquired_at":{"type":"date"} } } } }
            """, Cancel));

        var index = Track($"{unique}-locks-a");
        EsAssert.Status(201, await Es.PutAsync(EsClient.Doc(index, "k"), """{"owner":"A","acquired_at":"2030-01-01T00:00:00Z","other":"x"}""", Cancel));

        var settings = await Es.GetAsync($"/{index}/_settings", Cancel);
        Assert.Equal("2", settings.Str($"{index}.settings.index.number_of_shards"));
        Assert.Equal("1", settings.Str($"{index}.settings.index.number_of_replicas"));
        Assert.Null(settings.Str($"{index}.settings.index.refresh_interval"));

        var mapping = await Es.GetAsync($"/{index}/_mapping", Cancel);
        Assert.Equal("keyword", mapping.Str($"{index}.mappings.properties.owner.type"));
        Assert.Equal("date", mapping.Str($"{index}.mappings.properties.acquired_at.type"));
        Assert.Null(mapping.At($"{index}.mappings.properties.low"));
        Assert.Equal("text", mapping.Str($"{index}.mappings.properties.other.type"));
        Assert.Equal("keyword", mapping.Str($"{index}.mappings.properties.other.fields.keyword.type"));
        Assert.Equal(256, mapping.Long($"{index}.mappings.properties.other.fields.keyword.ignore_above"));
    }

    [Fact]
    public async Task Get_returns_settings_as_strings_under_index()
    {
        var name = NewTemplate();
        await Es.PutAsync("/_index_template/" + name, $$"""{"index_patterns":["{{Unique()}}-*"],"template":{"settings":{"index.number_of_shards":3,"refresh_interval":"2s"} } }""", Cancel);
        var got = await Es.GetAsync("/_index_template/" + name, Cancel);
        Assert.Equal("""{"index":{"number_of_shards":"3","refresh_interval":"2s"}}""", got.At("index_templates.0.index_template.template.settings")!.ToJsonString());
        Assert.Equal("[]", got.At("index_templates.0.index_template.composed_of")!.ToJsonString());
    }

    [Fact]
    public async Task Create_flag_refuses_an_existing_template()
    {
        var name = NewTemplate();
        var body = $$"""{"index_patterns":["{{Unique()}}-*"]}""";
        EsAssert.Status(200, await Es.PutAsync($"/_index_template/{name}?create=true", body, Cancel));
        EsAssert.IllegalArgument(await Es.PutAsync($"/_index_template/{name}?create=true", body, Cancel), $"index template [{name}] already exists");
        EsAssert.Status(200, await Es.PutAsync($"/_index_template/{name}", body, Cancel));
    }

    [Fact]
    public async Task Missing_index_patterns_is_refused()
    {
        var reply = await Es.PutAsync("/_index_template/" + NewTemplate(), """{"template":{"settings":{"number_of_shards":1} } }""", Cancel);
        EsAssert.SimpleError(reply, 400, "illegal_argument_exception", "Required [index_patterns]");
    }

    [Fact]
    public async Task Overlapping_patterns_at_the_same_priority_are_refused()
    {
        var unique = Unique();
        var first = NewTemplate("a");
        var second = NewTemplate("b");
        EsAssert.Status(200, await Es.PutAsync("/_index_template/" + first, $$"""{"index_patterns":["{{unique}}-locks-*"],"priority":7}""", Cancel));
        var reply = await Es.PutAsync("/_index_template/" + second, $$"""{"index_patterns":["{{unique}}-*"],"priority":7}""", Cancel);
        EsAssert.IllegalArgument(reply,
            $"index template [{second}] has index patterns [{unique}-*] matching patterns from existing templates [{first}] with patterns ({first} => [{unique}-locks-*]) that have the same priority [7], multiple index templates may not match during index creation, please use a different priority");
        EsAssert.Status(200, await Es.PutAsync("/_index_template/" + second, $$"""{"index_patterns":["{{unique}}-*"],"priority":8}""", Cancel));
    }

    [Fact]
    public async Task Builtin_logs_pattern_cannot_be_shadowed_at_priority_100()
    {
        var reply = await Es.PutAsync("/_index_template/" + NewTemplate(), """{"index_patterns":["logs-*"],"priority":100}""", Cancel);
        EsAssert.Status(400, reply);
        Assert.Equal("illegal_argument_exception", reply.Str("error.type"));
        Assert.Contains("matching patterns from existing templates [logs]", reply.Str("error.reason"));
    }

    [Fact]
    public async Task Logs_pattern_names_become_data_streams_that_only_accept_create()
    {
        var stream = $"logs-coordination-{Unique()}";
        var overwrite = await Es.PutAsync(EsClient.Doc(stream, "1"), """{"@timestamp":"2030-01-01T00:00:00Z"}""", Cancel);
        EsAssert.IllegalArgument(overwrite, "only write ops with an op_type of create are allowed in data streams");

        var created = await Es.PostAsync(EsClient.Path(stream, "_doc"), """{"@timestamp":"2030-01-01T00:00:00Z","message":"m"}""", Cancel);
        EsAssert.Status(201, created);
        Assert.StartsWith($".ds-{stream}-", created.Str("_index"));
        EsAssert.Status(200, await Es.DeleteAsync("/_data_stream/" + stream, Cancel));
    }

    [Fact]
    public async Task Delete_of_a_missing_template_is_404()
    {
        var reply = await Es.DeleteAsync("/_index_template/" + NewTemplate("absent"), Cancel);
        EsAssert.Status(404, reply);
        Assert.Equal("index_template_missing_exception", reply.Str("error.type"));
    }

    [Fact]
    public async Task Explicit_index_creation_applies_templates_under_the_request()
    {
        var unique = Unique();
        var name = NewTemplate();
        await Es.PutAsync("/_index_template/" + name, $$"""{"index_patterns":["{{unique}}-*"],"template":{"settings":{"number_of_replicas":0,"refresh_interval":"3s"} } }""", Cancel);
        var index = Track($"{unique}-x");
        var created = await Es.PutAsync("/" + index, """{"settings":{"refresh_interval":"7s"}}""", Cancel);
        Assert.Equal($$"""{"acknowledged":true,"shards_acknowledged":true,"index":"{{index}}"}""", created.Json!.ToJsonString());
        var settings = await Es.GetAsync($"/{index}/_settings", Cancel);
        Assert.Equal("0", settings.Str($"{index}.settings.index.number_of_replicas"));
        Assert.Equal("7s", settings.Str($"{index}.settings.index.refresh_interval"));

        var again = await Es.PutAsync("/" + index, null, Cancel);
        EsAssert.Status(400, again);
        Assert.Equal("resource_already_exists_exception", again.Str("error.type"));
        Assert.StartsWith($"index [{index}/", again.Str("error.reason"));
    }

    [Fact]
    public async Task Legacy_template_put_answers_with_a_deprecation_warning()
    {
        var name = NewTemplate("legacy");
        var reply = await Es.PutAsync("/_template/" + name, $$"""{"index_patterns":["{{Unique()}}-*"],"order":1}""", Cancel);
        EsAssert.Status(200, reply);
        Assert.NotNull(reply.Header("Warning"));
        EsAssert.Status(200, await Es.DeleteAsync("/_template/" + name, Cancel));
    }
}
