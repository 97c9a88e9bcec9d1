using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coordination.ElasticsearchEmulator;

/// <summary>
/// The partial-document merge of the update API (XContentHelper.update): maps merge recursively, everything else is
/// replaced; with noop detection, "modified" means some replaced value differs (Java equals semantics).
/// </summary>
internal static class SourceMerge
{
    public static bool Merge(JsonObject source, JsonObject changes, bool checkUpdatesAreUnequal)
    {
        var modified = false;
        foreach (var (key, change) in changes.ToList())
        {
            if (!source.ContainsKey(key))
            {
                source[key] = change?.DeepClone();
                modified = true;
                continue;
            }

            var old = source[key];
            if (old is JsonObject oldObject && change is JsonObject changeObject)
            {
                modified |= Merge(oldObject, changeObject, checkUpdatesAreUnequal && !modified);
                continue;
            }

            source[key] = change?.DeepClone();
            if (modified)
            {
                continue;
            }

            if (!checkUpdatesAreUnequal)
            {
                modified = true;
                continue;
            }

            modified = !JavaEquals(old, change);
        }

        return modified;
    }

    /// <summary>Objects.equals over the maps, lists and boxed scalars Jackson would have produced.</summary>
    public static bool JavaEquals(JsonNode? a, JsonNode? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        switch (a)
        {
            case JsonObject objectA when b is JsonObject objectB:
                if (objectA.Count != objectB.Count)
                {
                    return false;
                }

                foreach (var (key, value) in objectA)
                {
                    if (!objectB.TryGetPropertyValue(key, out var other) || !JavaEquals(value, other))
                    {
                        return false;
                    }
                }

                return true;
            case JsonArray arrayA when b is JsonArray arrayB:
                if (arrayA.Count != arrayB.Count)
                {
                    return false;
                }

                for (var i = 0; i < arrayA.Count; i++)
                {
                    if (!JavaEquals(arrayA[i], arrayB[i]))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValue valueA when b is JsonValue valueB:
                return ScalarEquals(valueA, valueB);
            default:
                return false;
        }
    }

    private static bool ScalarEquals(JsonValue a, JsonValue b)
    {
        var kindA = a.GetValueKind();
        var kindB = b.GetValueKind();
        if (kindA != kindB)
        {
            return false;
        }

        switch (kindA)
        {
            case JsonValueKind.String:
                return a.GetValue<string>() == b.GetValue<string>();
            case JsonValueKind.Number:
                var textA = a.ToJsonString();
                var textB = b.ToJsonString();
                var integralA = IsIntegral(textA);
                if (integralA != IsIntegral(textB))
                {
                    return false;
                }

                return integralA
                    ? decimal.TryParse(textA, NumberStyles.Integer, CultureInfo.InvariantCulture, out var da) && decimal.TryParse(textB, NumberStyles.Integer, CultureInfo.InvariantCulture, out var db) && da == db
                    : double.Parse(textA, CultureInfo.InvariantCulture) == double.Parse(textB, CultureInfo.InvariantCulture);
            default:
                return true;
        }
    }

    private static bool IsIntegral(string number) => number.IndexOfAny(['.', 'e', 'E']) < 0;
}
