using System.Text.Json;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>
/// The composable index template of the membership index: keyword/date/long mappings for the table and
/// heartbeat documents, so nothing is analysed as text, at the lock template's priority, above
/// Elasticsearch's built-in templates.
/// </summary>
internal static class MembershipIndexTemplate
{
    public const int Priority = LockIndexTemplate.Priority;

    // One shard: the index holds a handful of small documents per cluster, and every read is by id.
    public static ReadOnlyMemory<byte> Build(ElasticsearchMembershipOptions options) => IndexTemplateJson.Build(
        options.Index,
        Priority,
        settings => settings.WriteNumber("number_of_shards", 1),
        WriteProperties);

    private static void WriteProperties(Utf8JsonWriter json)
    {
        // The table document.
        IndexTemplateJson.Field(json, "cluster_id", "keyword");
        IndexTemplateJson.Field(json, "version", "long");
        IndexTemplateJson.Field(json, "write_id", "keyword");
        IndexTemplateJson.Object(json, "entries", entry =>
        {
            IndexTemplateJson.Field(entry, "silo", "keyword");
            IndexTemplateJson.Field(entry, "silo_name", "keyword");
            IndexTemplateJson.Field(entry, "status", "keyword");
            IndexTemplateJson.Field(entry, "started_at", "date");
            IndexTemplateJson.Field(entry, "gateway_endpoint", "keyword");
            IndexTemplateJson.Field(entry, "store", "keyword");
            IndexTemplateJson.Field(entry, "died_at", "date");
            IndexTemplateJson.Object(entry, "suspicions", vote =>
            {
                IndexTemplateJson.Field(vote, "suspector", "keyword");
                IndexTemplateJson.Field(vote, "cast_at", "date");
            });
        });

        // The heartbeat documents.
        IndexTemplateJson.Field(json, "silo", "keyword");
        IndexTemplateJson.Field(json, "alive_at", "date");
    }
}
