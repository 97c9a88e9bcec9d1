using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coordination.ElasticsearchEmulator;

/// <summary>
/// JsonNode trees that are safe to share between threads. A parsed JsonObject/JsonArray materializes its children
/// lazily on first access, and that first access is not thread-safe; trees the emulator stores (templates,
/// mappings, alias filters) are therefore materialized up front.
/// </summary>
internal static class JsonTree
{
    public static JsonNode? Parse(JsonElement element) => Materialize(JsonNode.Parse(element.GetRawText()));

    public static JsonNode? Materialize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    Materialize(child);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Materialize(child);
                }

                break;
        }

        return node;
    }
}
