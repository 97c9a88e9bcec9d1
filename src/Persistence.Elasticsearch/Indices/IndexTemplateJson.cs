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
    /// <param name="dynamic">False when fields the mappings do not name are kept in <c>_source</c> only, never mapped.</param>
    public static ReadOnlyMemory<byte> Build(string index, int priority, Action<Utf8JsonWriter> writeSettings, Action<Utf8JsonWriter> writeProperties, bool dynamic = true)
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
            if (!dynamic)
            {
                json.WriteBoolean("dynamic", false);
            }

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

    /// <summary>A leaf field: <c>"name":{"type":type}</c>, with <c>ignore_above</c> when given.</summary>
    public static void Field(Utf8JsonWriter json, string name, string type, int? ignoreAbove = null)
    {
        json.WriteStartObject(name);
        json.WriteString("type", type);
        if (ignoreAbove is { } limit)
        {
            json.WriteNumber("ignore_above", limit);
        }

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
