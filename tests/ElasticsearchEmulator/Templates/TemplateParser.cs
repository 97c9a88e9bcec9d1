using System.Text.Json;
using System.Text.Json.Nodes;
using Coordination.ElasticsearchEmulator.Engine;
using Coordination.ElasticsearchEmulator.Errors;
using Coordination.ElasticsearchEmulator.Mapping;

namespace Coordination.ElasticsearchEmulator.Templates;

/// <summary>Parses template bodies with the field names, checks and messages of Elasticsearch's object parsers.</summary>
internal static class TemplateParser
{
    public static ComposableTemplate ParseComposable(string name, ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
        {
            throw JsonBody.RequestBodyRequired();
        }

        var span = body.Span;
        List<string>? patterns = null;
        TemplateContent? content = null;
        List<string> composedOf = [];
        long? priority = null;
        long? version = null;
        JsonNode? meta = null;
        JsonObject? dataStream = null;
        bool? allowAutoCreate = null;
        List<string>? ignoreMissing = null;
        bool? deprecated = null;
        foreach (var field in JsonBody.ReadObject(body, "index_template"))
        {
            switch (field.Name)
            {
                case "index_patterns":
                    patterns = JsonBody.AsStringList(field.Value) ?? throw JsonBody.FailedToParseField(span, field, "index_template");
                    break;
                case "template":
                    content = ParseContent(field, span, "template");
                    break;
                case "composed_of":
                    composedOf = JsonBody.AsStringList(field.Value) ?? throw JsonBody.FailedToParseField(span, field, "index_template");
                    break;
                case "priority":
                    priority = JsonBody.AsLong(field.Value) ?? throw JsonBody.FailedToParseField(span, field, "index_template");
                    break;
                case "version":
                    version = JsonBody.AsLong(field.Value) ?? throw JsonBody.FailedToParseField(span, field, "index_template");
                    break;
                case "_meta":
                    meta = field.Value.ValueKind == JsonValueKind.Object ? JsonTree.Parse(field.Value) : throw JsonBody.FailedToParseField(span, field, "index_template");
                    break;
                case "data_stream":
                    dataStream = field.Value.ValueKind == JsonValueKind.Object ? NormalizeDataStream(field.Value) : throw JsonBody.FailedToParseField(span, field, "index_template");
                    break;
                case "allow_auto_create":
                    allowAutoCreate = JsonBody.AsBool(field.Value) ?? throw JsonBody.FailedToParseField(span, field, "index_template");
                    break;
                case "ignore_missing_component_templates":
                    ignoreMissing = JsonBody.AsStringList(field.Value) ?? throw JsonBody.FailedToParseField(span, field, "index_template");
                    break;
                case "deprecated":
                    deprecated = JsonBody.AsBool(field.Value) ?? throw JsonBody.FailedToParseField(span, field, "index_template");
                    break;
                default:
                    throw JsonBody.UnknownField(span, field, "index_template");
            }
        }

        if (patterns is null)
        {
            throw EsErrors.IllegalArgument("Required [index_patterns]");
        }

        return new ComposableTemplate
        {
            Name = name,
            IndexPatterns = patterns,
            Template = content,
            ComposedOf = composedOf,
            Priority = priority,
            Version = version,
            Meta = meta,
            DataStream = dataStream,
            AllowAutoCreate = allowAutoCreate,
            IgnoreMissingComponentTemplates = ignoreMissing,
            Deprecated = deprecated,
        };
    }

    public static ComponentTemplate ParseComponent(string name, ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
        {
            throw JsonBody.RequestBodyRequired();
        }

        var span = body.Span;
        TemplateContent? content = null;
        long? version = null;
        JsonNode? meta = null;
        foreach (var field in JsonBody.ReadObject(body, "component_template"))
        {
            switch (field.Name)
            {
                case "template":
                    content = ParseContent(field, span, "template");
                    break;
                case "version":
                    version = JsonBody.AsLong(field.Value) ?? throw JsonBody.FailedToParseField(span, field, "component_template");
                    break;
                case "_meta":
                    meta = JsonTree.Parse(field.Value);
                    break;
                case "deprecated":
                    break;
                default:
                    throw JsonBody.UnknownField(span, field, "component_template");
            }
        }

        if (content is null)
        {
            throw EsErrors.IllegalArgument("Required [template]");
        }

        return new ComponentTemplate { Name = name, Template = content, Version = version, Meta = meta };
    }

    public static LegacyTemplate ParseLegacy(string name, ReadOnlyMemory<byte> body, int? orderParameter)
    {
        if (body.IsEmpty)
        {
            throw JsonBody.RequestBodyRequired();
        }

        var root = JsonBody.ReadValue(body);
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw EsErrors.Parse("Failed to parse template");
        }

        List<string>? patterns = null;
        var order = orderParameter ?? 0;
        long? version = null;
        SortedDictionary<string, object>? settings = null;
        JsonObject? mappings = null;
        JsonObject? aliases = null;
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "index_patterns":
                    patterns = JsonBody.AsStringList(property.Value) ?? throw EsErrors.IllegalArgument("Malformed [index_patterns] value, should be a list of strings");
                    break;
                case "order":
                    order = (int)(JsonBody.AsLong(property.Value) ?? throw EsErrors.IllegalArgument("Malformed [order] value"));
                    break;
                case "version":
                    version = JsonBody.AsLong(property.Value);
                    break;
                case "settings":
                    settings = SettingsTree.Flatten(property.Value);
                    break;
                case "mappings":
                    mappings = ParseMappings(property.Value);
                    break;
                case "aliases":
                    aliases = NormalizeAliases(property.Value);
                    break;
                default:
                    throw EsErrors.IllegalArgument($"unknown key [{property.Name}] in the template ");
            }
        }

        if (patterns is null || patterns.Count == 0)
        {
            throw EsErrors.Validation("index patterns are missing");
        }

        return new LegacyTemplate
        {
            Name = name,
            IndexPatterns = patterns,
            Order = order,
            Version = version,
            Content = new TemplateContent { Settings = settings, Mappings = mappings, Aliases = aliases },
        };
    }

    private static TemplateContent ParseContent(BodyField field, ReadOnlySpan<byte> body, string objectName)
    {
        if (field.Value.ValueKind != JsonValueKind.Object)
        {
            throw JsonBody.FailedToParseField(body, field, "index_template");
        }

        SortedDictionary<string, object>? settings = null;
        JsonObject? mappings = null;
        JsonObject? aliases = null;
        foreach (var property in field.Value.EnumerateObject())
        {
            switch (property.Name)
            {
                case "settings":
                    settings = SettingsTree.Flatten(property.Value);
                    _ = IndexSettings.From(settings);
                    break;
                case "mappings":
                    mappings = ParseMappings(property.Value);
                    break;
                case "aliases":
                    aliases = NormalizeAliases(property.Value);
                    break;
                case "lifecycle" or "data_stream_options":
                    break;
                default:
                    throw EsErrors.XContentParse(JsonLocation.Of(body, field.ValueOffset), $"[{objectName}] unknown field [{property.Name}]");
            }
        }

        return new TemplateContent { Settings = settings, Mappings = mappings, Aliases = aliases };
    }

    /// <summary>Validates a mapping by merging it into a scratch mapping; a typed <c>{"_doc":{...}}</c> wrapper is removed.</summary>
    public static JsonObject ParseMappings(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new EsException(400, "mapper_parsing_exception", "Failed to parse mapping: mapping must be an object");
        }

        var node = (JsonObject)JsonTree.Parse(value)!;
        if (node.Count == 1 && node["_doc"] is JsonObject typed)
        {
            node = (JsonObject)typed.DeepClone();
        }

        new MappingState().Merge(node);
        return node;
    }

    /// <summary>Alias definitions as Elasticsearch stores them: <c>routing</c> becomes index_routing and search_routing.</summary>
    public static JsonObject NormalizeAliases(JsonElement value)
    {
        var aliases = new JsonObject();
        if (value.ValueKind != JsonValueKind.Object)
        {
            return aliases;
        }

        foreach (var alias in value.EnumerateObject())
        {
            var definition = new JsonObject();
            if (alias.Value.ValueKind == JsonValueKind.Object)
            {
                string? routing = null;
                string? indexRouting = null;
                string? searchRouting = null;
                foreach (var property in alias.Value.EnumerateObject())
                {
                    switch (property.Name)
                    {
                        case "filter":
                            definition["filter"] = JsonTree.Parse(property.Value);
                            break;
                        case "routing":
                            routing = ScalarString(property.Value);
                            break;
                        case "index_routing":
                            indexRouting = ScalarString(property.Value);
                            break;
                        case "search_routing":
                            searchRouting = ScalarString(property.Value);
                            break;
                        case "is_write_index":
                            definition["is_write_index"] = JsonBody.AsBool(property.Value);
                            break;
                        case "is_hidden":
                            definition["is_hidden"] = JsonBody.AsBool(property.Value);
                            break;
                        default:
                            throw EsErrors.IllegalArgument($"Unsupported field [{property.Name}]");
                    }
                }

                if ((indexRouting ?? routing) is { } ir)
                {
                    definition["index_routing"] = ir;
                }

                if ((searchRouting ?? routing) is { } sr)
                {
                    definition["search_routing"] = sr;
                }
            }

            aliases[alias.Name] = definition;
        }

        return aliases;
    }

    private static string ScalarString(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    private static JsonObject NormalizeDataStream(JsonElement value)
    {
        var result = new JsonObject
        {
            ["hidden"] = false,
            ["allow_custom_routing"] = false,
        };
        foreach (var property in value.EnumerateObject())
        {
            result[property.Name] = JsonTree.Parse(property.Value);
        }

        return result;
    }
}
