using System.Text.Json;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.QueryDsl;

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
        var result = await storage.Documents.SearchAsync(Query(storage.Options.Index, size, owner), cancellationToken).ConfigureAwait(false);
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

    private static SearchRequest Query(string index, int size, string? owner)
    {
        List<Query> filters = [new ExistsQuery { Field = "owner" }];
        if (owner is not null)
        {
            filters.Add(new TermQuery { Field = "owner", Value = owner });
        }

        return new SearchRequest(index)
        {
            Query = new BoolQuery { Filter = filters },
            Sort = [new SortOptions { Field = new FieldSort { Field = "acquired_at", Order = SortOrder.Asc } }],
            Size = size,
            SeqNoPrimaryTerm = true,
        };
    }
}
