using System.Text.Json.Nodes;

namespace Coordination.ElasticsearchEmulator.Mapping;

/// <summary>An immutable, flattened view of an index mapping, rebuilt whenever the mapping changes.</summary>
internal sealed class MappingSnapshot
{
    private readonly Dictionary<string, FieldMapping> _fields = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DynamicMode> _objectDynamic = new(StringComparer.Ordinal);

    public MappingSnapshot(JsonObject root)
    {
        RootDynamic = ParseDynamic(root["dynamic"]) ?? DynamicMode.True;
        DateDetection = root["date_detection"] is not JsonValue dd || !string.Equals(dd.ToString(), "false", StringComparison.Ordinal);
        NumericDetection = root["numeric_detection"] is JsonValue nd && string.Equals(nd.ToString(), "true", StringComparison.Ordinal);
        if (root["properties"] is JsonObject properties)
        {
            Collect(properties, string.Empty);
        }
    }

    public DynamicMode RootDynamic { get; }

    public bool DateDetection { get; }

    public bool NumericDetection { get; }

    public IReadOnlyDictionary<string, FieldMapping> Fields => _fields;

    public FieldMapping? Find(string path) => _fields.TryGetValue(path, out var field) ? field : null;

    /// <summary>The dynamic setting in force inside the object at <paramref name="objectPath"/> (inherited upwards).</summary>
    public DynamicMode DynamicFor(string objectPath)
    {
        var path = objectPath;
        while (path.Length > 0)
        {
            if (_objectDynamic.TryGetValue(path, out var mode))
            {
                return mode;
            }

            var dot = path.LastIndexOf('.');
            path = dot < 0 ? string.Empty : path[..dot];
        }

        return RootDynamic;
    }

    public static DynamicMode? ParseDynamic(JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }

        return node.ToString() switch
        {
            "true" => DynamicMode.True,
            "false" => DynamicMode.False,
            "strict" => DynamicMode.Strict,
            "runtime" => DynamicMode.Runtime,
            _ => null,
        };
    }

    private void Collect(JsonObject properties, string prefix)
    {
        foreach (var (name, node) in properties)
        {
            if (node is not JsonObject definition)
            {
                continue;
            }

            var path = prefix + name;
            var typeName = definition["type"]?.ToString() ?? (definition["properties"] is not null ? "object" : "object");
            _fields[path] = new FieldMapping(path, path, FieldMapping.KindOf(typeName), typeName)
            {
                IgnoreAbove = ReadInt(definition["ignore_above"]),
                Format = definition["format"]?.ToString(),
            };

            if (ParseDynamic(definition["dynamic"]) is { } dynamic)
            {
                _objectDynamic[path] = dynamic;
            }

            if (definition["properties"] is JsonObject children)
            {
                Collect(children, path + ".");
            }

            if (definition["fields"] is JsonObject multiFields)
            {
                foreach (var (subName, subNode) in multiFields)
                {
                    if (subNode is not JsonObject subDefinition)
                    {
                        continue;
                    }

                    var subType = subDefinition["type"]?.ToString() ?? "keyword";
                    _fields[path + "." + subName] = new FieldMapping(path + "." + subName, path, FieldMapping.KindOf(subType), subType)
                    {
                        IgnoreAbove = ReadInt(subDefinition["ignore_above"]),
                        Format = subDefinition["format"]?.ToString(),
                        IsMultiField = true,
                    };
                }
            }
        }
    }

    private static int? ReadInt(JsonNode? node) =>
        node is not null && int.TryParse(node.ToString(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;
}
