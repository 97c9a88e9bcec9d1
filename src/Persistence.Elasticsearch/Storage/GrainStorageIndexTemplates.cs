using Elastic.Clients.Elasticsearch.IndexManagement;
using Elastic.Clients.Elasticsearch.Mapping;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>
/// The composable index templates of grain storage, installed idempotently at start-up at a priority above
/// Elasticsearch's built-in templates, each matching exactly its own index. The lock index maps the lock
/// document's fields as keyword/date/long, so nothing is analysed as text and tooling can filter on owners. The
/// grain state index maps only the record's identity and leaves the state unmapped (<c>dynamic: false</c>): it
/// stays readable in <c>_source</c>, and two grain types can never clash over a field's type.
/// </summary>
internal static class GrainStorageIndexTemplates
{
    public const int Priority = 500;

    // Lucene refuses terms over 32766 bytes; a key that long is still stored, just not indexed.
    private const int MaxIndexedKeyChars = 8191;

    public static IndexSetup Locks(ElasticsearchGrainStorageOptions options) => new(
        options.Index,
        IndexTemplates.Build(options.Index, Priority, Settings(options), LockProperties()));

    public static IndexSetup GrainState(ElasticsearchGrainStorageOptions options) => new(
        options.GrainStateIndex,
        IndexTemplates.Build(options.GrainStateIndex, Priority, Settings(options), GrainStateProperties(), dynamic: false));

    private static IndexSettings Settings(ElasticsearchGrainStorageOptions options) => new()
    {
        NumberOfShards = options.NumberOfShards,
        NumberOfReplicas = options.NumberOfReplicas,
        RefreshInterval = options.RefreshInterval,
    };

    private static Properties LockProperties() => new()
    {
        { "owner", new KeywordProperty() },
        { "fencing_token", new LongNumberProperty() },
        { "lease_expires_at", new DateProperty() },
        { "lease_duration", new KeywordProperty() },
        { "acquired_at", new DateProperty() },
        { "silo", new KeywordProperty() },
        { "nonce", new KeywordProperty() },
        { "last_change", new KeywordProperty() },
        { "reason", new KeywordProperty() },
        { "changed_at", new DateProperty() },
        { GrainStateDocuments.ClearedField, new BooleanProperty() },
    };

    private static Properties GrainStateProperties() => new()
    {
        { GrainStateDocuments.GrainTypeField, new KeywordProperty { IgnoreAbove = MaxIndexedKeyChars } },
        { GrainStateDocuments.StateNameField, new KeywordProperty { IgnoreAbove = MaxIndexedKeyChars } },
        { GrainStateDocuments.GrainKeyField, new KeywordProperty { IgnoreAbove = MaxIndexedKeyChars } },
        { GrainStateDocuments.ClearedField, new BooleanProperty() },
    };
}
