using System.Buffers;
using System.Text.Json;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>A lock as last written to the index (renewals are not written, so its lease end may be stale).</summary>
public sealed record StoredLock(string Key, string Owner, long FencingToken, DateTimeOffset? LeaseExpiresAt, DateTimeOffset? AcquiredAt, string? Silo);

/// <summary>
/// Lists held locks through search, for status tooling. Search is near-real-time and sees lease ends only
/// as of the last ownership change, so no lock decision is ever based on it: the grains decide.
/// </summary>
/// <param name="storage">The grain storage whose lock index to list.</param>
public sealed class ElasticsearchLockDirectory(ElasticsearchGrainStorage storage)
{
    /// <summary>Locks whose document names an owner, oldest grant first; optionally only those of <paramref name="owner"/>.</summary>
    public async Task<IReadOnlyList<StoredLock>> ListHeldAsync(int size = 100, string? owner = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, 10_000);
        await storage.EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var result = await storage.Documents.SearchAsync(storage.Options.Index, Query(size, owner), cancellationToken).ConfigureAwait(false);
        return result.Hits
            .Where(h => h.Source.ValueKind == JsonValueKind.Object && h.Source.TryGetProperty("owner", out var o) && o.ValueKind == JsonValueKind.String)
            .Select(h => new StoredLock(
                h.Id,
                h.Source.GetProperty("owner").GetString()!,
                h.Source.TryGetProperty("fencing_token", out var token) && token.TryGetInt64(out var t) ? t : 0,
                Date(h.Source, "lease_expires_at"),
                Date(h.Source, "acquired_at"),
                h.Source.TryGetProperty("silo", out var silo) && silo.ValueKind == JsonValueKind.String ? silo.GetString() : null))
            .ToList();
    }

    private static DateTimeOffset? Date(JsonElement source, string field) =>
        source.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var date) ? date : null;

    private static ReadOnlyMemory<byte> Query(int size, string? owner)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("query");
            json.WriteStartObject("bool");
            json.WriteStartArray("filter");
            json.WriteStartObject();
            json.WriteStartObject("exists");
            json.WriteString("field", "owner");
            json.WriteEndObject();
            json.WriteEndObject();
            if (owner is not null)
            {
                json.WriteStartObject();
                json.WriteStartObject("term");
                json.WriteString("owner", owner);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartArray("sort");
            json.WriteStartObject();
            json.WriteString("acquired_at", "asc");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteNumber("size", size);
            json.WriteBoolean("seq_no_primary_term", true);
            json.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }
}
