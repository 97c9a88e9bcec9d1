using Elastic.Clients.Elasticsearch.IndexManagement;
using Elastic.Clients.Elasticsearch.Mapping;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>
/// Builds a composable index template matching exactly one index, with explicit mappings and a <c>_meta</c>
/// marking it as Coordination's. The templates of the lock, grain state and membership indices differ only in
/// their settings and fields.
/// </summary>
internal static class IndexTemplates
{
    /// <param name="dynamic">False when fields the mappings do not name are kept in <c>_source</c> only, never mapped.</param>
    public static PutIndexTemplateRequest Build(string index, int priority, IndexSettings settings, Properties properties, bool dynamic = true) =>
        new(index)
        {
            IndexPatterns = index,
            Priority = priority,
            Template = new IndexTemplateMapping
            {
                Settings = settings,
                Mappings = new TypeMapping { Dynamic = dynamic ? null : DynamicMapping.False, Properties = properties },
            },
            Meta = new Dictionary<string, object> { ["managed_by"] = "coordination" },
        };

    /// <summary>An object field (or an array of objects) with its own properties.</summary>
    public static ObjectProperty Object(Properties properties) => new() { Properties = properties };
}
