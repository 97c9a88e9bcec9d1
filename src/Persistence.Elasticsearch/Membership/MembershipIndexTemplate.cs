using System.Text.Json;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>
/// The composable index template of the membership index: keyword/date/integer mappings for the table and
/// heartbeat documents, so nothing is analysed as text, at the grain storage templates' priority, above
/// Elasticsearch's built-in templates.
/// </summary>
internal static class MembershipIndexTemplate
{
    public const int Priority = GrainStorageIndexTemplates.Priority;

    // One shard: the index holds a handful of small documents per cluster, and every read is by id.
    public static IndexSetup Build(string index) => new(
        index,
        IndexTemplateJson.Build(index, Priority, settings => settings.WriteNumber("number_of_shards", 1), WriteProperties));

    private static void WriteProperties(Utf8JsonWriter json)
    {
        // The table document.
        IndexTemplateJson.Field(json, "cluster_id", "keyword");
        IndexTemplateJson.Field(json, "version", "integer");
        IndexTemplateJson.Field(json, "write_id", "keyword");
        IndexTemplateJson.Object(json, "entries", entry =>
        {
            IndexTemplateJson.Field(entry, "silo", "keyword");
            IndexTemplateJson.Field(entry, "etag", "keyword");
            IndexTemplateJson.Field(entry, "status", "keyword");
            IndexTemplateJson.Field(entry, "silo_name", "keyword");
            IndexTemplateJson.Field(entry, "host_name", "keyword");
            IndexTemplateJson.Field(entry, "proxy_port", "integer");
            IndexTemplateJson.Field(entry, "role_name", "keyword");
            IndexTemplateJson.Field(entry, "update_zone", "integer");
            IndexTemplateJson.Field(entry, "fault_zone", "integer");
            IndexTemplateJson.Field(entry, "start_time", "date");
            IndexTemplateJson.Field(entry, "i_am_alive_time", "date");
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
