using System.Text.Json.Nodes;
using Coordination.ElasticsearchEmulator.Errors;

namespace Coordination.ElasticsearchEmulator.Mapping;

/// <summary>A field added by dynamic mapping while parsing a document.</summary>
internal sealed record DynamicField(string Path, JsonObject Definition);

/// <summary>
/// The mapping of one index: the JSON that GET returns, and a flattened snapshot for queries. Explicit mappings
/// (templates, PUT /index, PUT _mapping) and dynamic mapping both merge into it; types never change once set.
/// </summary>
internal sealed class MappingState
{
    private static readonly HashSet<string> RootParameters =
    [
        "properties", "dynamic", "date_detection", "numeric_detection", "dynamic_date_formats", "dynamic_templates",
        "_source", "_routing", "_meta", "runtime", "enabled", "_data_stream_timestamp", "subobjects", "_field_names",
    ];

    private readonly object _gate = new();
    private readonly JsonObject _root = new();
    private MappingSnapshot _snapshot;

    public MappingState()
    {
        _snapshot = new MappingSnapshot(_root);
    }

    public object Gate => _gate;

    public MappingSnapshot Snapshot => Volatile.Read(ref _snapshot);

    public bool IsEmpty
    {
        get
        {
            lock (_gate)
            {
                return _root.Count == 0;
            }
        }
    }

    /// <summary>The mapping as Elasticsearch prints it (properties sorted by name).</summary>
    public JsonObject ToJson()
    {
        lock (_gate)
        {
            return (JsonObject)Sorted(_root);
        }
    }

    /// <summary>Merges an explicit mapping; throws the Elasticsearch failures for unknown types or type changes.</summary>
    public void Merge(JsonObject mapping)
    {
        Validate(mapping);
        lock (_gate)
        {
            foreach (var (key, value) in mapping)
            {
                if (key == "properties" && value is JsonObject properties)
                {
                    var target = _root["properties"] as JsonObject;
                    if (target is null)
                    {
                        target = new JsonObject();
                        _root["properties"] = target;
                    }

                    MergeProperties(target, properties, string.Empty);
                }
                else
                {
                    _root[key] = value?.DeepClone();
                }
            }

            Volatile.Write(ref _snapshot, new MappingSnapshot(_root));
        }
    }

    /// <summary>Adds fields discovered by dynamic mapping. Caller holds <see cref="Gate"/> and re-parsed under it.</summary>
    public void ApplyDynamicLocked(IReadOnlyList<DynamicField> fields)
    {
        foreach (var field in fields)
        {
            var parts = field.Path.Split('.');
            var properties = _root["properties"] as JsonObject;
            if (properties is null)
            {
                properties = new JsonObject();
                _root["properties"] = properties;
            }

            for (var i = 0; i < parts.Length - 1; i++)
            {
                if (properties[parts[i]] is not JsonObject parent)
                {
                    parent = new JsonObject();
                    properties[parts[i]] = parent;
                }

                if (parent["properties"] is not JsonObject children)
                {
                    children = new JsonObject();
                    parent["properties"] = children;
                }

                properties = children;
            }

            if (properties[parts[^1]] is null)
            {
                properties[parts[^1]] = field.Definition.DeepClone();
            }
        }

        Volatile.Write(ref _snapshot, new MappingSnapshot(_root));
    }

    private static void Validate(JsonObject mapping)
    {
        var unsupported = mapping.Where(p => !RootParameters.Contains(p.Key)).ToList();
        if (unsupported.Count > 0)
        {
            var text = string.Join(", ", unsupported.Select(p => $"{p.Key} : {p.Value?.ToJsonString()}"));
            throw new EsException(400, "mapper_parsing_exception", $"Failed to parse mapping: Root mapping definition has unsupported parameters:  [{text}]",
                new EsException(400, "mapper_parsing_exception", $"Root mapping definition has unsupported parameters:  [{text}]"));
        }

        if (mapping["properties"] is JsonObject properties)
        {
            ValidateProperties(properties);
        }
    }

    private static void ValidateProperties(JsonObject properties)
    {
        foreach (var (name, node) in properties)
        {
            if (node is not JsonObject definition)
            {
                throw new EsException(400, "mapper_parsing_exception", $"Failed to parse mapping: Expected map for property [fields] on field [{name}] but got a class java.lang.String");
            }

            var type = definition["type"]?.ToString();
            if (type is not null && !FieldMapping.IsKnownType(type))
            {
                throw new EsException(400, "mapper_parsing_exception", $"Failed to parse mapping: No handler for type [{type}] declared on field [{name}]",
                    new EsException(400, "mapper_parsing_exception", $"No handler for type [{type}] declared on field [{name}]"));
            }

            if (definition["properties"] is JsonObject children)
            {
                ValidateProperties(children);
            }
        }
    }

    private static void MergeProperties(JsonObject target, JsonObject incoming, string prefix)
    {
        foreach (var (name, node) in incoming)
        {
            if (node is not JsonObject definition)
            {
                continue;
            }

            if (target[name] is not JsonObject existing)
            {
                target[name] = definition.DeepClone();
                continue;
            }

            var existingType = existing["type"]?.ToString() ?? "object";
            var incomingType = definition["type"]?.ToString() ?? "object";
            if (existingType != incomingType)
            {
                throw EsErrors.IllegalArgument($"mapper [{prefix}{name}] cannot be changed from type [{existingType}] to [{incomingType}]");
            }

            foreach (var (key, value) in definition)
            {
                if (key == "properties" && value is JsonObject children)
                {
                    if (existing["properties"] is not JsonObject existingChildren)
                    {
                        existingChildren = new JsonObject();
                        existing["properties"] = existingChildren;
                    }

                    MergeProperties(existingChildren, children, prefix + name + ".");
                }
                else
                {
                    existing[key] = value?.DeepClone();
                }
            }
        }
    }

    private static JsonNode Sorted(JsonNode node)
    {
        if (node is JsonObject obj)
        {
            var copy = new JsonObject();
            IEnumerable<KeyValuePair<string, JsonNode?>> entries = obj;
            foreach (var (key, value) in entries)
            {
                if (key is "properties" or "fields" && value is JsonObject children)
                {
                    var sorted = new JsonObject();
                    foreach (var (childName, child) in children.OrderBy(c => c.Key, StringComparer.Ordinal))
                    {
                        sorted[childName] = child is null ? null : Sorted(child);
                    }

                    copy[key] = sorted;
                }
                else
                {
                    copy[key] = value?.DeepClone();
                }
            }

            return copy;
        }

        return node.DeepClone();
    }
}
