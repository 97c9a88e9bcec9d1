using System.Globalization;
using System.Text.Json;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>A document's position in its shard's history: the compare-and-set token, and its version.</summary>
public readonly record struct DocumentVersion(long SeqNo, long PrimaryTerm, long Version)
{
    /// <summary>The etag form used by grain storage: <c>seq_no:primary_term</c>.</summary>
    public string Etag => $"{SeqNo}:{PrimaryTerm}";
}

/// <summary>The precondition of a write.</summary>
public readonly record struct WriteCondition
{
    private WriteCondition(bool mustCreate, long? ifSeqNo, long? ifPrimaryTerm)
    {
        MustCreate = mustCreate;
        IfSeqNo = ifSeqNo;
        IfPrimaryTerm = ifPrimaryTerm;
    }

    /// <summary>The document must not exist (<c>op_type=create</c>).</summary>
    public static WriteCondition Create { get; } = new(true, null, null);

    /// <summary>No precondition: create or overwrite.</summary>
    public static WriteCondition None { get; } = new(false, null, null);

    public bool MustCreate { get; }

    public long? IfSeqNo { get; }

    public long? IfPrimaryTerm { get; }

    /// <summary>The document must still be at this sequence number and primary term (<c>if_seq_no</c> + <c>if_primary_term</c>).</summary>
    public static WriteCondition Match(long seqNo, long primaryTerm)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seqNo);
        ArgumentOutOfRangeException.ThrowIfLessThan(primaryTerm, 1);
        return new WriteCondition(false, seqNo, primaryTerm);
    }

    /// <summary>The condition "still at <paramref name="etag"/>", for an etag of the form <see cref="DocumentVersion.Etag"/>; false when it is not one.</summary>
    internal static bool TryMatchEtag(string etag, out WriteCondition condition)
    {
        condition = default;
        var separator = etag.IndexOf(':', StringComparison.Ordinal);
        if (separator <= 0
            || !long.TryParse(etag.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var seqNo)
            || !long.TryParse(etag.AsSpan(separator + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var primaryTerm)
            || primaryTerm < 1)
        {
            return false;
        }

        condition = Match(seqNo, primaryTerm);
        return true;
    }
}

/// <summary>The outcome of an index, create or delete that the server answered.</summary>
/// <param name="Applied">False when the precondition failed (409): nothing changed.</param>
/// <param name="Version">The document's new position when applied.</param>
/// <param name="ConflictReason">Elasticsearch's reason when not applied.</param>
/// <param name="CurrentVersion">The position the server reported for the current document, when it said.</param>
public sealed record DocumentWriteResult(bool Applied, DocumentVersion? Version, string? ConflictReason, DocumentVersion? CurrentVersion);

/// <summary>A document read by id; <see cref="Source"/> is default when not found.</summary>
public sealed record DocumentReadResult(bool Found, JsonElement Source, DocumentVersion Version);

/// <summary>One search hit.</summary>
public sealed record SearchHitResult(string Id, JsonElement Source, DocumentVersion? Version);

/// <summary>Search results: the hits returned and the total matched.</summary>
public sealed record SearchResult(IReadOnlyList<SearchHitResult> Hits, long Total, bool TotalIsLowerBound);

/// <summary>What the root endpoint said about the server.</summary>
public sealed record ElasticsearchServerInfo(string Version, int MajorVersion, string? ClusterName, string Node);

/// <summary>A refresh policy for writes.</summary>
public enum RefreshPolicy
{
    /// <summary>Do not refresh (the default; GET is realtime anyway).</summary>
    None,

    /// <summary>Refresh the shard now (<c>refresh=true</c>).</summary>
    Immediate,

    /// <summary>Wait until a refresh makes the write searchable (<c>refresh=wait_for</c>).</summary>
    WaitFor,
}
