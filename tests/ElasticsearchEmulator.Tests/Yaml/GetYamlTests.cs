using Coordination.ElasticsearchEmulator.Tests.Infrastructure;

namespace Coordination.ElasticsearchEmulator.Tests.Yaml;

/// <summary>The facts of rest-api-spec/test/get/*.yml.</summary>
public sealed class GetYamlTests(EsFixture fixture) : EsTestBase(fixture)
{
    [Fact]
    public async Task Get_15_default_values()
    {
        var index = NewIndex("test_1");
        EsAssert.Status(201, await Es.PutAsync(EsClient.Doc(index, "1"), """{ "foo": "bar" }""", Cancel));
        var got = await Es.GetAsync(EsClient.Doc(index, "1"), Cancel);
        EsAssert.Status(200, got);
        Assert.Equal(index, got.Str("_index"));
        Assert.Equal("1", got.Str("_id"));
        Assert.Equal("bar", got.Str("_source.foo"));
        Assert.False(got.Has("_type"), "8.x responses carry no _type");
    }

    [Fact]
    public async Task Get_60_realtime_refresh()
    {
        var index = await CreateIndexAsync("""{"index":{"refresh_interval":-1}}""");
        EsAssert.Status(201, await Es.PutAsync(EsClient.Doc(index, "1"), """{"foo":"bar"}""", Cancel));

        var notRealtime = await Es.GetAsync(EsClient.Doc(index, "1", "realtime=false"), Cancel);
        EsAssert.Status(404, notRealtime);
        Assert.False(notRealtime.Bool("found"));

        var realtime = await Es.GetAsync(EsClient.Doc(index, "1", "realtime=true"), Cancel);
        Assert.True(realtime.Bool("found"));

        var refreshed = await Es.GetAsync(EsClient.Doc(index, "1", "realtime=false&refresh=true"), Cancel);
        Assert.True(refreshed.Bool("found"));
    }

    [Fact]
    public async Task Get_80_missing()
    {
        var missingIndex = NewIndex("test_1");
        var onMissingIndex = await Es.GetAsync(EsClient.Doc(missingIndex, "1"), Cancel);
        EsAssert.IndexNotFound(onMissingIndex, missingIndex);

        var index = await CreateIndexAsync();
        var missingDoc = await Es.GetAsync(EsClient.Doc(index, "1"), Cancel);
        EsAssert.Status(404, missingDoc);
        Assert.Equal(["_index", "_id", "found"], missingDoc.Keys());
        Assert.False(missingDoc.Bool("found"));
    }

    [Fact]
    public async Task Get_90_versions()
    {
        var index = NewIndex("test_1");
        EsAssert.Written(await Es.PutAsync(EsClient.Doc(index, "1"), """{"foo":"bar"}""", Cancel), 201, "created", 1);
        EsAssert.Written(await Es.PutAsync(EsClient.Doc(index, "1"), """{"foo":"bar"}""", Cancel), 200, "updated", 2);

        Assert.Equal("1", (await Es.GetAsync(EsClient.Doc(index, "1", "version=2"), Cancel)).Str("_id"));
        EsAssert.Conflict(await Es.GetAsync(EsClient.Doc(index, "1", "version=1"), Cancel), index, "1",
            "current version [2] is different than the one provided [1]");

        Assert.Equal("1", (await Es.GetAsync(EsClient.Doc(index, "1", "version=2&version_type=external"), Cancel)).Str("_id"));
        EsAssert.Conflict(await Es.GetAsync(EsClient.Doc(index, "1", "version=10&version_type=external"), Cancel), index, "1",
            "current version [2] is different than the one provided [10]");
        EsAssert.Conflict(await Es.GetAsync(EsClient.Doc(index, "1", "version=1&version_type=external"), Cancel), index, "1",
            "current version [2] is different than the one provided [1]");

        Assert.Equal("1", (await Es.GetAsync(EsClient.Doc(index, "1", "version=2&version_type=external_gte"), Cancel)).Str("_id"));
        EsAssert.Status(409, await Es.GetAsync(EsClient.Doc(index, "1", "version=10&version_type=external_gte"), Cancel));
        EsAssert.Status(409, await Es.GetAsync(EsClient.Doc(index, "1", "version=1&version_type=external_gte"), Cancel));
    }
}
