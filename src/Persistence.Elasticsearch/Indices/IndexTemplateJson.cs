using System.Buffers;
using System.Text.Json;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>
/// Writes the body of a composable index template matching exactly one index, with explicit mappings and a
/// <c>_meta</c> marking it as Coordination's. The templates of the lock index and of the membership index
/// differ only in their settings and fields.
/// </summary>
internal static class IndexTemplateJson
{
    public static ReadOnlyMemory<byte> Build(string index, int priority, Action<Utf8JsonWriter> writeSettings, Action<Utf8JsonWriter> writeProperties)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("index_patterns");
            json.WriteStringValue(index);
            json.WriteEndArray();
            json.WriteNumber("priority", priority);
            json.WriteStartObject("template");
            json.WriteStartObject("settings");
            writeSettings(json);
            json.WriteEndObject();
            json.WriteStartObject("mappings");
            json.WriteStartObject("properties");
            writeProperties(json);
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

    /// <summary>A leaf field: <c>"name":{"type":type}</c>.</summary>
    public static void Field(Utf8JsonWriter json, string name, string type)
    {
        json.WriteStartObject(name);
        json.WriteString("type", type);
        json.WriteEndObject();
    }

    /// <summary>An object field (or an array of objects) with its own properties.</summary>
    public static void Object(Utf8JsonWriter json, string name, Action<Utf8JsonWriter> writeProperties)
    {
        json.WriteStartObject(name);
        json.WriteStartObject("properties");
        writeProperties(json);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
