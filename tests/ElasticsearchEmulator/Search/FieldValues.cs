using System.Globalization;
using System.Text.Json;
using Coordination.ElasticsearchEmulator.Mapping;

namespace Coordination.ElasticsearchEmulator.Search;

/// <summary>Reads a field's values out of a document source, the way Elasticsearch indexed them.</summary>
internal static class FieldValues
{
    /// <summary>All non-null leaf values at a dotted path; arrays are flattened, dotted keys and nested objects both work.</summary>
    public static List<JsonElement> Get(JsonElement source, string path)
    {
        var values = new List<JsonElement>();
        Collect(source, path, values);
        return values;
    }

    private static void Collect(JsonElement element, string path, List<JsonElement> values)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Collect(item, path, values);
            }

            return;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (property.Name == path)
            {
                AddLeaves(property.Value, values);
            }
            else if (path.Length > property.Name.Length && path[property.Name.Length] == '.' && path.StartsWith(property.Name, StringComparison.Ordinal))
            {
                Collect(property.Value, path[(property.Name.Length + 1)..], values);
            }
        }
    }

    private static void AddLeaves(JsonElement value, List<JsonElement> values)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    AddLeaves(item, values);
                }

                break;
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                break;
            default:
                values.Add(value);
                break;
        }
    }

    /// <summary>The text a keyword field indexes for a value (numbers and booleans as written).</summary>
    public static string? KeywordText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    public static bool TryNumber(JsonElement value, out double number)
    {
        number = 0;
        return value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetDouble(out number),
            JsonValueKind.String => double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number),
            _ => false,
        };
    }

    public static bool TryBoolean(JsonElement value, out bool result)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.True:
                result = true;
                return true;
            case JsonValueKind.False:
                result = false;
                return true;
            case JsonValueKind.String when value.GetString() is "true" or "false" or "":
                result = value.GetString() == "true";
                return true;
            default:
                result = false;
                return false;
        }
    }

    /// <summary>
    /// The comparable form of a value for a field type: long for integral and date fields, double for floating point
    /// (float fields keep float precision), string for keyword-like fields. Null when the value cannot be indexed.
    /// </summary>
    public static IComparable? Comparable(FieldMapping field, JsonElement value)
    {
        switch (field.Kind)
        {
            case FieldKind.Long:
                return TryNumber(value, out var l) ? (IComparable)(long)Math.Truncate(l) : null;
            case FieldKind.Double:
                return TryNumber(value, out var d) ? d : null;
            case FieldKind.Float:
                return TryNumber(value, out var f) ? (double)(float)f : null;
            case FieldKind.Date:
                var text = KeywordText(value);
                return text is not null && DateParsing.TryParse(text, field.Format, out var millis) ? millis : null;
            case FieldKind.Boolean:
                return TryBoolean(value, out var b) ? (b ? 1L : 0L) : null;
            case FieldKind.Keyword:
                var keyword = KeywordText(value);
                return keyword is not null && (field.IgnoreAbove is null || keyword.Length <= field.IgnoreAbove) ? keyword : null;
            case FieldKind.Text:
                return KeywordText(value);
            default:
                return null;
        }
    }
}
