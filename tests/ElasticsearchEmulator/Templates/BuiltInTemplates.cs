using System.Text.Json.Nodes;

namespace Coordination.ElasticsearchEmulator.Templates;

/// <summary>
/// The data-stream templates an 8.x cluster installs at priority 100. Their patterns (<c>logs-*-*</c>,
/// <c>metrics-*-*</c>, <c>synthetics-*-*</c>) turn matching names into data streams, which is why lock indices must
/// stay away from them; user templates overlapping them at priority 100 are rejected, as on a real cluster.
/// </summary>
internal static class BuiltInTemplates
{
    public static IEnumerable<ComposableTemplate> All()
    {
        yield return DataStreamTemplate("logs", "logs-*-*", "default logs template installed by x-pack");
        yield return DataStreamTemplate("metrics", "metrics-*-*", "default metrics template installed by x-pack");
        yield return DataStreamTemplate("synthetics", "synthetics-*-*", "default synthetics template installed by x-pack");
    }

    private static ComposableTemplate DataStreamTemplate(string name, string pattern, string description) => new()
    {
        Name = name,
        IndexPatterns = [pattern],
        Template = new TemplateContent
        {
            Mappings = new JsonObject
            {
                ["properties"] = new JsonObject { ["@timestamp"] = new JsonObject { ["type"] = "date" } },
            },
        },
        Priority = 100,
        Version = 14,
        Meta = new JsonObject { ["description"] = description, ["managed"] = true },
        DataStream = new JsonObject { ["hidden"] = false, ["allow_custom_routing"] = false },
        AllowAutoCreate = true,
    };
}
