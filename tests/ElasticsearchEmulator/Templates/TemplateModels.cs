using System.Text.Json;
using System.Text.Json.Nodes;
using Coordination.ElasticsearchEmulator.Engine;

namespace Coordination.ElasticsearchEmulator.Templates;

/// <summary>The <c>template</c> section shared by index and component templates.</summary>
internal sealed class TemplateContent
{
    public SortedDictionary<string, object>? Settings { get; init; }

    public JsonObject? Mappings { get; init; }

    /// <summary>Normalized alias definitions (routing split into index_routing / search_routing).</summary>
    public JsonObject? Aliases { get; init; }

    public void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        if (Settings is not null)
        {
            writer.WritePropertyName("settings");
            SettingsTree.Write(writer, Settings);
        }

        if (Mappings is { Count: > 0 })
        {
            writer.WritePropertyName("mappings");
            Mappings.WriteTo(writer);
        }

        if (Aliases is not null)
        {
            writer.WritePropertyName("aliases");
            Aliases.WriteTo(writer);
        }

        writer.WriteEndObject();
    }
}

/// <summary>A composable index template (<c>PUT /_index_template/{name}</c>).</summary>
internal sealed class ComposableTemplate
{
    public required string Name { get; init; }

    public required IReadOnlyList<string> IndexPatterns { get; init; }

    public TemplateContent? Template { get; init; }

    public IReadOnlyList<string> ComposedOf { get; init; } = [];

    public long? Priority { get; init; }

    public long? Version { get; init; }

    public JsonNode? Meta { get; init; }

    public JsonObject? DataStream { get; init; }

    public bool? AllowAutoCreate { get; init; }

    public IReadOnlyList<string>? IgnoreMissingComponentTemplates { get; init; }

    public bool? Deprecated { get; init; }

    public long EffectivePriority => Priority ?? 0;

    public void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("index_patterns");
        foreach (var pattern in IndexPatterns)
        {
            writer.WriteStringValue(pattern);
        }

        writer.WriteEndArray();
        if (Template is not null)
        {
            writer.WritePropertyName("template");
            Template.Write(writer);
        }

        writer.WriteStartArray("composed_of");
        foreach (var component in ComposedOf)
        {
            writer.WriteStringValue(component);
        }

        writer.WriteEndArray();
        if (Priority is { } priority)
        {
            writer.WriteNumber("priority", priority);
        }

        if (Version is { } version)
        {
            writer.WriteNumber("version", version);
        }

        if (Meta is not null)
        {
            writer.WritePropertyName("_meta");
            Meta.WriteTo(writer);
        }

        if (DataStream is not null)
        {
            writer.WritePropertyName("data_stream");
            DataStream.WriteTo(writer);
        }

        if (AllowAutoCreate is { } allow)
        {
            writer.WriteBoolean("allow_auto_create", allow);
        }

        if (IgnoreMissingComponentTemplates is not null)
        {
            writer.WriteStartArray("ignore_missing_component_templates");
            foreach (var name in IgnoreMissingComponentTemplates)
            {
                writer.WriteStringValue(name);
            }

            writer.WriteEndArray();
        }

        if (Deprecated is { } deprecated)
        {
            writer.WriteBoolean("deprecated", deprecated);
        }

        writer.WriteEndObject();
    }
}

/// <summary>A component template (<c>PUT /_component_template/{name}</c>).</summary>
internal sealed class ComponentTemplate
{
    public required string Name { get; init; }

    public required TemplateContent Template { get; init; }

    public long? Version { get; init; }

    public JsonNode? Meta { get; init; }

    public void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("template");
        Template.Write(writer);
        if (Version is { } version)
        {
            writer.WriteNumber("version", version);
        }

        if (Meta is not null)
        {
            writer.WritePropertyName("_meta");
            Meta.WriteTo(writer);
        }

        writer.WriteEndObject();
    }
}

/// <summary>A legacy template (<c>PUT /_template/{name}</c>, deprecated); only used when no composable template matches.</summary>
internal sealed class LegacyTemplate
{
    public required string Name { get; init; }

    public required IReadOnlyList<string> IndexPatterns { get; init; }

    public int Order { get; init; }

    public long? Version { get; init; }

    public required TemplateContent Content { get; init; }

    public void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteNumber("order", Order);
        if (Version is { } version)
        {
            writer.WriteNumber("version", version);
        }

        writer.WriteStartArray("index_patterns");
        foreach (var pattern in IndexPatterns)
        {
            writer.WriteStringValue(pattern);
        }

        writer.WriteEndArray();
        writer.WritePropertyName("settings");
        SettingsTree.Write(writer, Content.Settings ?? new SortedDictionary<string, object>(StringComparer.Ordinal));
        writer.WritePropertyName("mappings");
        (Content.Mappings ?? new JsonObject()).WriteTo(writer);
        writer.WritePropertyName("aliases");
        (Content.Aliases ?? new JsonObject()).WriteTo(writer);
        writer.WriteEndObject();
    }
}

/// <summary>What templates contribute to a new index: merged settings, mappings, aliases, and the data-stream flag.</summary>
internal sealed class ResolvedTemplate
{
    public SortedDictionary<string, object> Settings { get; } = new(StringComparer.Ordinal);

    public List<JsonObject> Mappings { get; } = [];

    public JsonObject Aliases { get; } = [];

    public ComposableTemplate? Composable { get; init; }

    public bool IsDataStream => Composable?.DataStream is not null;

    public bool? AllowAutoCreate => Composable?.AllowAutoCreate;
}
