using System.Text.Json;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>
/// The composable index templates of grain storage, installed idempotently at start-up at a priority above
/// Elasticsearch's built-in templates, each matching exactly its own index. The lock index maps the lock
/// document's fields as keyword/date/long, so nothing is analysed as text and tooling can filter on owners. The
/// grain state index maps only the record's identity and leaves the state unmapped (<c>dynamic: false</c>): it
/// stays readable in <c>_source</c>, and two grain types can never clash over a field's type.
/// </summary>
internal static class GrainStorageIndexTemplates
{
    public const int Priority = 500;

    // Lucene refuses terms over 32766 bytes; a key that long is still stored, just not indexed.
    private const int MaxIndexedKeyChars = 8191;

    public static IndexSetup Locks(ElasticsearchGrainStorageOptions options) => new(
        options.Index,
        IndexTemplateJson.Build(options.Index, Priority, settings => WriteSettings(settings, options), WriteLockProperties));

    public static IndexSetup GrainState(ElasticsearchGrainStorageOptions options) => new(
        options.GrainStateIndex,
        IndexTemplateJson.Build(options.GrainStateIndex, Priority, settings => WriteSettings(settings, options), WriteGrainStateProperties, dynamic: false));

    private static void WriteSettings(Utf8JsonWriter settings, ElasticsearchGrainStorageOptions options)
    {
        settings.WriteNumber("number_of_shards", options.NumberOfShards);
        settings.WriteNumber("number_of_replicas", options.NumberOfReplicas);
        settings.WriteString("refresh_interval", options.RefreshInterval);
    }

    private static void WriteLockProperties(Utf8JsonWriter json)
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
        IndexTemplateJson.Field(json, GrainStateDocuments.ClearedField, "boolean");
    }

    private static void WriteGrainStateProperties(Utf8JsonWriter json)
    {
        IndexTemplateJson.Field(json, GrainStateDocuments.GrainTypeField, "keyword", MaxIndexedKeyChars);
        IndexTemplateJson.Field(json, GrainStateDocuments.StateNameField, "keyword", MaxIndexedKeyChars);
        IndexTemplateJson.Field(json, GrainStateDocuments.GrainKeyField, "keyword", MaxIndexedKeyChars);
        IndexTemplateJson.Field(json, GrainStateDocuments.ClearedField, "boolean");
    }
}
