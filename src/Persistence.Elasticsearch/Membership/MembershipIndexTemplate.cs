using Elastic.Clients.Elasticsearch.IndexManagement;
using Elastic.Clients.Elasticsearch.Mapping;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>
/// The composable index template of the membership index: keyword/date/integer mappings for the table and
/// heartbeat documents, so nothing is analysed as text, at the grain storage templates' priority, above
/// Elasticsearch's built-in templates.
/// </summary>
internal static class MembershipIndexTemplate
{
    public const int Priority = GrainStorageIndexTemplates.Priority;

    // One shard: the index holds a handful of small documents per cluster, and every read is by id.
    public static IndexSetup Build(string index) => new(
        index,
        IndexTemplates.Build(index, Priority, new IndexSettings { NumberOfShards = 1 }, Properties()));

    private static Properties Properties() => new()
    {
        // The table document.
        { "cluster_id", new KeywordProperty() },
        { "version", new IntegerNumberProperty() },
        { "write_id", new KeywordProperty() },
        {
            "entries", IndexTemplates.Object(new Properties
            {
                { "silo", new KeywordProperty() },
                { "etag", new KeywordProperty() },
                { "status", new KeywordProperty() },
                { "silo_name", new KeywordProperty() },
                { "host_name", new KeywordProperty() },
                { "proxy_port", new IntegerNumberProperty() },
                { "role_name", new KeywordProperty() },
                { "update_zone", new IntegerNumberProperty() },
                { "fault_zone", new IntegerNumberProperty() },
                { "start_time", new DateProperty() },
                { "i_am_alive_time", new DateProperty() },
                { "suspicions", IndexTemplates.Object(new Properties { { "suspector", new KeywordProperty() }, { "cast_at", new DateProperty() } }) },
            })
        },

        // The heartbeat documents.
        { "silo", new KeywordProperty() },
        { "alive_at", new DateProperty() },
    };
}
