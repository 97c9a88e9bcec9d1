using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coordination.ElasticsearchEmulator.Errors;

namespace Coordination.ElasticsearchEmulator.Engine;

/// <summary>
/// Index settings the way Elasticsearch keeps them: flat keys under <c>index.</c> with string values (nested objects
/// and dotted keys are equivalent), printed back as nested objects of strings.
/// </summary>
internal static class SettingsTree
{
    /// <summary>Flattens a settings object; keys without the <c>index.</c> prefix get it, values become strings.</summary>
    public static SortedDictionary<string, object> Flatten(JsonElement settings)
    {
        var flat = new SortedDictionary<string, object>(StringComparer.Ordinal);
        if (settings.ValueKind == JsonValueKind.Object)
        {
            FlattenInto(flat, string.Empty, settings);
        }

        var normalized = new SortedDictionary<string, object>(StringComparer.Ordinal);
        foreach (var (key, value) in flat)
        {
            normalized[key.StartsWith("index.", StringComparison.Ordinal) ? key : "index." + key] = value;
        }

        return normalized;
    }

    private static void FlattenInto(SortedDictionary<string, object> flat, string prefix, JsonElement element)
    {
        foreach (var property in element.EnumerateObject())
        {
            var key = prefix + property.Name;
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.Object:
                    FlattenInto(flat, key + ".", property.Value);
                    break;
                case JsonValueKind.Array:
                    flat[key] = property.Value.EnumerateArray().Select(ScalarText).ToArray();
                    break;
                case JsonValueKind.Null:
                    flat.Remove(key);
                    break;
                default:
                    flat[key] = ScalarText(property.Value);
                    break;
            }
        }
    }

    private static string ScalarText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        _ => value.GetRawText(),
    };

    /// <summary>Writes flat settings as nested objects of strings: <c>{"index":{"number_of_shards":"1"}}</c>.</summary>
    public static void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, object> flat)
    {
        var root = new JsonObject();
        foreach (var (key, value) in flat.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var parts = key.Split('.');
            var node = root;
            for (var i = 0; i < parts.Length - 1; i++)
            {
                if (node[parts[i]] is JsonObject child)
                {
                    node = child;
                }
                else
                {
                    var created = new JsonObject();
                    node[parts[i]] = created;
                    node = created;
                }
            }

            node[parts[^1]] = value switch
            {
                string[] list => new JsonArray([.. list.Select(v => (JsonNode?)JsonValue.Create(v))]),
                _ => JsonValue.Create((string)value),
            };
        }

        root.WriteTo(writer);
    }

    public static int ReadInt(IReadOnlyDictionary<string, object> flat, string key, int defaultValue, int minimum)
    {
        if (!flat.TryGetValue(key, out var raw))
        {
            return defaultValue;
        }

        var text = raw as string ?? string.Empty;
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw EsErrors.IllegalArgument($"Failed to parse value [{text}] for setting [{key}]", EsErrors.NumberFormat(text));
        }

        if (value < minimum)
        {
            throw EsErrors.IllegalArgument($"Failed to parse value [{text}] for setting [{key}] must be >= {minimum}");
        }

        return value;
    }

    public static TimeSpan? ReadTime(IReadOnlyDictionary<string, object> flat, string key, TimeSpan? defaultValue) =>
        flat.TryGetValue(key, out var raw) ? TimeValue.Parse(raw as string ?? string.Empty, key) : defaultValue;
}
