using System.Buffers;
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

    public static ReadOnlyMemory<byte> Build(ElasticsearchStorageOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("index_patterns");
            json.WriteStringValue(options.Index);
            json.WriteEndArray();
            json.WriteNumber("priority", Priority);
            json.WriteStartObject("template");
            json.WriteStartObject("settings");
            json.WriteNumber("number_of_shards", options.NumberOfShards);
            json.WriteNumber("number_of_replicas", options.NumberOfReplicas);
            json.WriteString("refresh_interval", options.RefreshInterval);
            json.WriteEndObject();
            json.WriteStartObject("mappings");
            json.WriteStartObject("properties");
            Field(json, "owner", "keyword");
            Field(json, "fencing_token", "long");
            Field(json, "lease_expires_at", "date");
            Field(json, "lease_duration", "keyword");
            Field(json, "acquired_at", "date");
            Field(json, "silo", "keyword");
            Field(json, "nonce", "keyword");
            Field(json, "last_change", "keyword");
            Field(json, "reason", "keyword");
            Field(json, "changed_at", "date");
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartObject("_meta");
            json.WriteString("managed_by", "coordination");
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }

    private static void Field(Utf8JsonWriter json, string name, string type)
    {
        json.WriteStartObject(name);
        json.WriteString("type", type);
        json.WriteEndObject();
    }
}
