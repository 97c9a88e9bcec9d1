using System.Text.Json;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>
/// The composable index template of the lock index: explicit shard, replica and refresh settings, and
/// keyword/date/long mappings for the lock document's fields, so nothing is analysed as text. Installed
/// idempotently at start-up, at a priority above Elasticsearch's built-in templates.
/// </summary>
internal static class LockIndexTemplate
{
    public const int Priority = 500;

    public static ReadOnlyMemory<byte> Build(ElasticsearchStorageOptions options) => IndexTemplateJson.Build(
        options.Index,
        Priority,
        settings =>
        {
            settings.WriteNumber("number_of_shards", options.NumberOfShards);
            settings.WriteNumber("number_of_replicas", options.NumberOfReplicas);
            settings.WriteString("refresh_interval", options.RefreshInterval);
        },
        WriteProperties);

    private static void WriteProperties(Utf8JsonWriter json)
    {
        IndexTemplateJson.Field(json, "owner", "keyword");
        IndexTemplateJson.Field(json, "fencing_token", "long");
        IndexTemplateJson.Field(json, "lease_expires_at", "date");
        IndexTemplateJson.Field(json, "lease_duration", "keyword");
        IndexTemplateJson.Field(json, "acquired_at", "date");
        IndexTemplateJson.Field(json, "silo", "keyword");
        IndexTemplateJson.Field(json, "nonce", "keyword");
        IndexTemplateJson.Field(json, "last_change", "keyword");
        IndexTemplateJson.Field(json, "reason", "keyword");
        IndexTemplateJson.Field(json, "changed_at", "date");
    }
}
