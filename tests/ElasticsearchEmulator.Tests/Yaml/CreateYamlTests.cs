using Coordination.ElasticsearchEmulator.Tests.Infrastructure;

namespace Coordination.ElasticsearchEmulator.Tests.Yaml;

/// <summary>The facts of rest-api-spec/test/create/*.yml.</summary>
public sealed class CreateYamlTests(EsFixture fixture) : EsTestBase(fixture)
{
    [Fact]
    public async Task Create_10_with_id()
    {
        var index = NewIndex("test_1");
        var created = await Es.PutAsync(EsClient.Path(index, "_create", "1"), """{"foo":"bar"}""", Cancel);
        EsAssert.Written(created, 201, "created", 1);
        Assert.Equal(index, created.Str("_index"));
        Assert.Equal("1", created.Str("_id"));

        var got = await Es.GetAsync(EsClient.Doc(index, "1"), Cancel);
        Assert.Equal(1, got.Long("_version"));
        Assert.Equal("bar", got.Str("_source.foo"));

        var again = await Es.PutAsync(EsClient.Path(index, "_create", "1"), """{"foo":"bar"}""", Cancel);
        EsAssert.Conflict(again, index, "1", "document already exists (current version [1])");
    }

    [Fact]
    public async Task Create_35_external_version()
    {
        var index = NewIndex("test");
        foreach (var (id, version) in new[] { ("1", 0), ("2", 5) })
        {
            var reply = await Es.PutAsync(EsClient.Path(index, "_create", id, $"version_type=external&version={version}"), """{"foo":"bar"}""", Cancel);
            EsAssert.Validation(reply, "create operations only support internal versioning. use index instead");
        }
    }

    [Fact]
    public async Task Create_60_refresh()
    {
        var index = await CreateIndexAsync("""{"index.refresh_interval":-1,"number_of_replicas":0}""");
        EsAssert.Status(201, await Es.PutAsync(EsClient.Path(index, "_create", "1"), """{"foo":"bar"}""", Cancel));
        Assert.Equal(0, (await CountIdAsync(index, "1")).Long("hits.total"));

        var refreshed = await Es.PutAsync(EsClient.Path(index, "_create", "2", "refresh=true"), """{"foo":"bar"}""", Cancel);
        Assert.True(refreshed.Bool("forced_refresh"));
        Assert.Equal(1, (await CountIdAsync(index, "2")).Long("hits.total"));

        var other = NewIndex("test_1");
        var empty = await Es.PutAsync(EsClient.Path(other, "_create", "1", "refresh="), """{"foo":"bar"}""", Cancel);
        Assert.True(empty.Bool("forced_refresh"));
        Assert.Equal(1, (await CountIdAsync(other, "1")).Long("hits.total"));

        var waiting = NewIndex("create_60_refresh_1");
        var pending = Es.PutAsync(EsClient.Path(waiting, "_create", "create_60_refresh_id1", "refresh=wait_for"), """{"foo":"bar"}""", Cancel);
        var waited = await CompleteWaitForAsync(pending, waiting, TimeSpan.FromSeconds(1));
        EsAssert.Written(waited, 201, "created", 1);
        Assert.False(waited.Has("forced_refresh"));
        Assert.Equal(1, (await CountIdAsync(waiting, "create_60_refresh_id1")).Long("hits.total"));
    }

    private Task<EsReply> CountIdAsync(string index, string id) =>
        Es.PostAsync(EsClient.Path(index, "_search", query: "rest_total_hits_as_int=true"), $$$$"""{"query":{"term":{"_id":"{{{{id}}}}"}}}""", Cancel);
}
