using System.Text.Json;

namespace Coordination.ElasticsearchEmulator.Engine;

/// <summary>
/// The latest state of one id in a shard: a live document or a delete tombstone. Immutable, so readers can hold it
/// outside the shard lock.
/// </summary>
internal sealed class StoredDocument
{
    public required string Id { get; init; }

    public required long Version { get; init; }

    public required long SeqNo { get; init; }

    public required long PrimaryTerm { get; init; }

    public bool IsDeleted { get; init; }

    /// <summary>The source exactly as the client sent it (Elasticsearch returns the original bytes).</summary>
    public byte[]? Source { get; init; }

    public JsonElement SourceElement { get; init; }

    public string? Routing { get; init; }

    /// <summary>When the tombstone was written; it counts for versioning until <c>index.gc_deletes</c> has passed.</summary>
    public DateTimeOffset DeletedAt { get; init; }
}
