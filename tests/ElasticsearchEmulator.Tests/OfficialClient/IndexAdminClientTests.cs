using Coordination.ElasticsearchEmulator.Tests.Infrastructure;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.IndexManagement;
using Elastic.Clients.Elasticsearch.Mapping;

namespace Coordination.ElasticsearchEmulator.Tests.OfficialClient;

/// <summary>Composable index templates and index create / exists / delete / refresh through the official client.</summary>
public sealed class IndexAdminClientTests(EsFixture fixture) : OfficialClientTestBase(fixture)
{
    [Fact]
    public async Task Index_template_put_exists_get_applies_to_a_new_index()
    {
        // Names that do not contain each other, so the raw replay can swap each for its twin independently.
        var template = NewTwinTemplate();
        var index = NewTwinIndex("tplidx");

        var before = await Client.Indices.ExistsIndexTemplateAsync(template, Cancel);
        Assert.False(before.Exists);
        Assert.Equal(404, StatusOf(before));

        var put = await Client.Indices.PutIndexTemplateAsync(template, t => t
            .IndexPatterns(index + "*")
            .Priority(500)
            .Template(tt => tt
                .Settings(s => s.NumberOfShards(1).NumberOfReplicas(0))
                .Mappings(m => m.Properties(new Properties
                {
                    { "owner", new KeywordProperty() },
                    { "token", new LongNumberProperty() },
                    { "nonce", new KeywordProperty() },
                }))), Cancel);
        Assert.True(put.IsValidResponse, put.DebugInformation);
        Assert.Equal(200, StatusOf(put));
        Assert.True(put.Acknowledged);

        var exists = await Client.Indices.ExistsIndexTemplateAsync(template, Cancel);
        Assert.True(exists.Exists);
        Assert.Equal(200, StatusOf(exists));

        var got = await Client.Indices.GetIndexTemplateAsync(template, Cancel);
        Assert.True(got.IsValidResponse, got.DebugInformation);
        var item = Assert.Single(got.IndexTemplates);
        Assert.Equal(template, item.Name);
        Assert.Equal(500, item.IndexTemplate.Priority);
        Assert.Equal([index + "*"], item.IndexTemplate.IndexPatterns.ToArray());
        // Elasticsearch answers settings nested under "index", as strings, and the client keeps the string form.
        Assert.Equal("1", item.IndexTemplate.Template?.Settings?.Index?.NumberOfShards?.Value2);
        Assert.IsType<KeywordProperty>(item.IndexTemplate.Template?.Mappings?.Properties?["owner"]);

        var created = await Client.Indices.CreateAsync(index, Cancel);
        Assert.True(created.IsValidResponse, created.DebugInformation);
        var mapping = await Client.Indices.GetMappingAsync(new GetMappingRequest(index), Cancel);
        Assert.True(mapping.IsValidResponse, mapping.DebugInformation);
        Assert.IsType<KeywordProperty>(mapping.Mappings[index].Mappings.Properties?["owner"]);

        var again = await Client.Indices.PutIndexTemplateAsync(template, t => t.IndexPatterns(index + "*").Create(true), Cancel);
        Assert.False(again.IsValidResponse);
        Assert.Equal(400, StatusOf(again));
        Assert.Equal("illegal_argument_exception", again.ElasticsearchServerError?.Error?.Type);

        var missing = await Client.Indices.GetIndexTemplateAsync(template + "-none", Cancel);
        Assert.Equal(404, StatusOf(missing));
        Assert.Equal("resource_not_found_exception", missing.ElasticsearchServerError?.Error?.Type);

        await AssertRawReplayAgreesAsync();
    }

    [Fact]
    public async Task Index_create_exists_refresh_delete()
    {
        var index = NewTwinIndex();

        Assert.False((await Client.Indices.ExistsAsync(index, Cancel)).Exists);

        var created = await Client.Indices.CreateAsync(index, c => c
            .Settings(s => s.NumberOfShards(1).NumberOfReplicas(0))
            .Mappings(m => m.Properties(new Properties { { "owner", new KeywordProperty() } })), Cancel);
        Assert.True(created.IsValidResponse, created.DebugInformation);
        Assert.Equal(200, StatusOf(created));
        Assert.True(created.Acknowledged);
        Assert.True(created.ShardsAcknowledged);
        Assert.Equal(index, created.Index);

        var exists = await Client.Indices.ExistsAsync(index, Cancel);
        Assert.True(exists.Exists);

        var duplicate = await Client.Indices.CreateAsync(index, Cancel);
        Assert.False(duplicate.IsValidResponse);
        Assert.Equal(400, StatusOf(duplicate));
        Assert.Equal("resource_already_exists_exception", duplicate.ElasticsearchServerError?.Error?.Type);

        var refreshed = await Client.Indices.RefreshAsync(index, Cancel);
        Assert.True(refreshed.IsValidResponse, refreshed.DebugInformation);
        Assert.Equal(200, StatusOf(refreshed));

        var deleted = await Client.Indices.DeleteAsync(index, Cancel);
        Assert.True(deleted.IsValidResponse, deleted.DebugInformation);
        Assert.True(deleted.Acknowledged);
        Assert.False((await Client.Indices.ExistsAsync(index, Cancel)).Exists);

        var deleteMissing = await Client.Indices.DeleteAsync(index, Cancel);
        Assert.Equal(404, StatusOf(deleteMissing));
        Assert.Equal("index_not_found_exception", deleteMissing.ElasticsearchServerError?.Error?.Type);

        var refreshMissing = await Client.Indices.RefreshAsync(index, Cancel);
        Assert.Equal(404, StatusOf(refreshMissing));

        await AssertRawReplayAgreesAsync();
    }
}
