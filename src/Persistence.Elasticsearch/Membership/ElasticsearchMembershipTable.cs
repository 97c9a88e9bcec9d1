using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>
/// An Orleans membership table in Elasticsearch. A cluster's whole table is one document whose <c>_id</c> is the
/// cluster id, holding the table version and every row (each with its own etag), so one compare-and-set
/// (<c>if_seq_no</c> + <c>if_primary_term</c>) changes a row and the version together; the table's version etag
/// is that document's <c>seq_no:primary_term</c>. "I am alive" goes to a separate document per silo, written
/// without a precondition, so it never changes the version or any etag a silo holds; reads merge it into the
/// rows. A table write with no usable answer is settled by reading back the write id it stored, never by
/// sending it again. Everything is read by id, which is realtime; search is not, so it is never used here.
/// </summary>
public sealed partial class ElasticsearchMembershipTable : IMembershipTable, IDisposable
{
    /// <summary>The version etag of a table that has no document yet: the next write must create it.</summary>
    internal const string NoTableEtag = "none";

    // Cleanup competes with joins and votes for the one document; it gives up after this many refusals and runs
    // again at its next period.
    private const int CleanupAttempts = 5;

    private readonly ElasticsearchClusteringOptions _options;
    private readonly string _clusterId;
    private readonly ILogger _logger;
    private readonly Lazy<DocumentStore> _documentStore;
    private readonly RetryingInitialization _initialization;

    public ElasticsearchMembershipTable(
        IOptions<ElasticsearchClusteringOptions> options, IOptions<ClusterOptions> clusterOptions, ILogger<ElasticsearchMembershipTable> logger, IServiceProvider? services = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clusterOptions);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _clusterId = clusterOptions.Value.ClusterId;
        _logger = logger;
        // Built on first use: Orleans creates the table before it runs the configuration validators, which must be
        // the ones to report a bad URL.
        _documentStore = new Lazy<DocumentStore>(() => new DocumentStore(ElasticsearchConnection.For(_options.Connection, services, logger)));
        _initialization = new RetryingInitialization(() => Documents.PrepareAsync(
            $"Elasticsearch membership of cluster {_clusterId}", [MembershipIndexTemplate.Build(_options.Index)], TimeSpan.Zero, CancellationToken.None));
    }

    private DocumentStore Documents => _documentStore.Value;

    /// <summary>The id of the document holding <paramref name="silo"/>'s heartbeat in cluster <paramref name="clusterId"/>.</summary>
    internal static string HeartbeatDocumentId(string clusterId, SiloAddress silo) => $"{clusterId}/heartbeat/{silo.ToParsableString()}";

    /// <summary>
    /// Installs the index template and creates the index, then (when <paramref name="tryInitTableVersion"/>) creates
    /// the cluster's table at version 0 unless it exists. Orleans calls it while the silo starts.
    /// </summary>
    /// <exception cref="ElasticsearchStartupException">The cluster could not be reached or prepared; the message names the URLs and the cause.</exception>
    public Task InitializeMembershipTable(bool tryInitTableVersion) => InitializeMembershipTableAsync(tryInitTableVersion, CancellationToken.None);

    /// <inheritdoc cref="InitializeMembershipTable(bool)"/>
    public async Task InitializeMembershipTableAsync(bool tryInitTableVersion, CancellationToken cancellationToken)
    {
        await _initialization.EnsureAsync(cancellationToken).ConfigureAwait(false);
        if (!tryInitTableVersion)
        {
            return;
        }

        var empty = Serialize(new MembershipTableDocument { ClusterId = _clusterId, Version = 0, WriteId = NewWriteId(), Entries = [] });
        try
        {
            // A 409 means another silo created it first, which is just as good.
            await Documents.PutAsync(_options.Index, _clusterId, empty, Precondition.Absent, null, RefreshPolicy.None, cancellationToken).ConfigureAwait(false);
        }
        catch (ElasticsearchWriteOutcomeUnknownException unknown)
        {
            if (await ReadTableAsync(_clusterId, cancellationToken).ConfigureAwait(false) is null)
            {
                throw TableCreationFailure(unknown);
            }
        }
        catch (ElasticsearchException failure) when (failure is not ElasticsearchStartupException)
        {
            throw TableCreationFailure(failure);
        }
    }

    public Task<MembershipTableData> ReadAll() => ReadAllAsync(CancellationToken.None);

    /// <summary>The table's rows and version, read together (one document), with each live silo's last heartbeat merged in.</summary>
    public async Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken)
    {
        await _initialization.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var table = await ReadTableAsync(_clusterId, cancellationToken).ConfigureAwait(false);
        var rows = table?.Document.Entries ?? [];

        // Dead silos' heartbeats matter to nobody; reading them would make every read grow with each restart.
        var alive = await ReadHeartbeatsAsync(rows.Where(r => r.Status != SiloStatus.Dead), cancellationToken).ConfigureAwait(false);
        return ToData(table, rows, alive);
    }

    public Task<MembershipTableData> ReadRow(SiloAddress key) => ReadRowAsync(key, CancellationToken.None);

    /// <summary>One silo's row (none when it has none) and the table version, read together.</summary>
    public async Task<MembershipTableData> ReadRowAsync(SiloAddress key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await _initialization.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var table = await ReadTableAsync(_clusterId, cancellationToken).ConfigureAwait(false);
        var silo = key.ToParsableString();
        var rows = table?.Document.Entries.Where(r => r.Silo == silo).ToList() ?? [];
        var alive = await ReadHeartbeatsAsync(rows.Where(r => r.Status != SiloStatus.Dead), cancellationToken).ConfigureAwait(false);
        return ToData(table, rows, alive);
    }

    public Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion) => InsertRowAsync(entry, tableVersion, CancellationToken.None);

    /// <summary>Adds <paramref name="entry"/> if its silo has no row and the table is still at <paramref name="tableVersion"/>'s etag; false otherwise.</summary>
    public Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion tableVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(tableVersion);
        var silo = entry.SiloAddress.ToParsableString();
        return ChangeAsync("insert", tableVersion, cancellationToken, (rows, writeId) =>
        {
            if (rows.Exists(r => r.Silo == silo))
            {
                return false;
            }

            rows.Add(MembershipRowDocument.From(entry, writeId));
            return true;
        });
    }

    public Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion) => UpdateRowAsync(entry, etag, tableVersion, CancellationToken.None);

    /// <summary>Replaces the row of <paramref name="entry"/>'s silo if it is still at <paramref name="etag"/> and the table at <paramref name="tableVersion"/>'s etag; false otherwise.</summary>
    public Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion tableVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(tableVersion);
        var silo = entry.SiloAddress.ToParsableString();
        return ChangeAsync("update", tableVersion, cancellationToken, (rows, writeId) =>
        {
            var index = rows.FindIndex(r => r.Silo == silo);
            if (index < 0 || rows[index].Etag != etag)
            {
                return false;
            }

            rows[index] = MembershipRowDocument.From(entry, writeId);
            return true;
        });
    }

    public Task UpdateIAmAlive(MembershipEntry entry) => UpdateIAmAliveAsync(entry, CancellationToken.None);

    /// <summary>Writes the silo's heartbeat document only: the table, its version and every etag stay as they are.</summary>
    public async Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await _initialization.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var heartbeat = JsonSerializer.SerializeToUtf8Bytes(
            new HeartbeatDocument { ClusterId = _clusterId, Silo = entry.SiloAddress.ToParsableString(), AliveAt = MembershipTimes.Utc(entry.IAmAliveTime) },
            MembershipJsonContext.Default.HeartbeatDocument);

        // No precondition: only the silo itself writes its heartbeat, so the last write is the latest.
        await Documents.PutAsync(
            _options.Index, HeartbeatDocumentId(_clusterId, entry.SiloAddress), heartbeat, Precondition.None, null, RefreshPolicy.None, cancellationToken)
            .ConfigureAwait(false);
    }

    public Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate) => CleanupDefunctSiloEntriesAsync(beforeDate, CancellationToken.None);

    /// <summary>
    /// Removes every entry that is not Active and whose last sign of life (start, heartbeat, vote) precedes
    /// <paramref name="beforeDate"/>, with its heartbeat, as Orleans' own tables do. Active entries always stay.
    /// </summary>
    public async Task CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken)
    {
        await _initialization.EnsureAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; attempt <= CleanupAttempts; attempt++)
        {
            var table = await ReadTableAsync(_clusterId, cancellationToken).ConfigureAwait(false);
            if (table is null)
            {
                return;
            }

            var candidates = table.Document.Entries.Where(r => r.Status != SiloStatus.Active).ToList();
            var alive = await ReadHeartbeatsAsync(candidates, cancellationToken).ConfigureAwait(false);
            var defunct = candidates.Where(r => r.LastUpdate(alive.GetValueOrDefault(r.Silo)) < beforeDate.UtcDateTime).Select(r => r.Silo).ToHashSet(StringComparer.Ordinal);
            if (defunct.Count == 0)
            {
                return;
            }

            // Heartbeats first: a heartbeat left behind by a removed row would never be found again.
            await Task.WhenAll(defunct.Select(silo => Documents.DeleteAsync(
                _options.Index, HeartbeatDocumentId(_clusterId, SiloAddress.FromParsableString(silo)), cancellationToken))).ConfigureAwait(false);

            // The version stays: no row changed, and silos holding the old etag simply read again.
            var kept = new MembershipTableDocument
            {
                ClusterId = _clusterId,
                Version = table.Document.Version,
                WriteId = NewWriteId(),
                Entries = [.. table.Document.Entries.Where(r => !defunct.Contains(r.Silo))],
            };
            if (await TryWriteAsync(kept, table.Etag, cancellationToken).ConfigureAwait(false))
            {
                LogDefunctRemoved(_logger, defunct.Count, _clusterId, beforeDate);
                return;
            }
        }

        LogCleanupGaveUp(_logger, _clusterId, CleanupAttempts);
    }

    public Task DeleteMembershipTableEntries(string clusterId) => DeleteMembershipTableEntriesAsync(clusterId, CancellationToken.None);

    /// <summary>Deletes cluster <paramref name="clusterId"/>'s table and its silos' heartbeats; other clusters' documents stay.</summary>
    public async Task DeleteMembershipTableEntriesAsync(string clusterId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(clusterId);
        await _initialization.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var table = await ReadTableAsync(clusterId, cancellationToken).ConfigureAwait(false);
        if (table is null)
        {
            return;
        }

        await Task.WhenAll(table.Document.Entries.Select(r => Documents.DeleteAsync(
            _options.Index, HeartbeatDocumentId(clusterId, r.Address()), cancellationToken))).ConfigureAwait(false);
        await Documents.DeleteAsync(_options.Index, clusterId, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (_documentStore.IsValueCreated)
        {
            _documentStore.Value.Dispose();
        }
    }

    /// <summary>
    /// Reads cluster <paramref name="clusterId"/>'s rows from <paramref name="index"/> by id (realtime) and writes
    /// nothing, not even a missing index: no table and no index both read as no rows. Clients discovering
    /// gateways need no more than read access.
    /// </summary>
    internal static async Task<IReadOnlyList<MembershipRowDocument>> ReadRowsWithoutWritingAsync(DocumentStore documents, string index, string clusterId, CancellationToken cancellationToken)
    {
        var stored = await documents.GetAsync(index, clusterId, createMissingIndex: false, cancellationToken).ConfigureAwait(false);
        return stored is null ? [] : Parse(stored.Source, MembershipJsonContext.Default.MembershipTableDocument, index, clusterId).Entries;
    }

    private static MembershipTableData ToData(StoredTable? table, List<MembershipRowDocument> rows, Dictionary<string, DateTime> alive) => new(
        rows.Select(r => Tuple.Create(r.ToEntry(alive.TryGetValue(r.Silo, out var at) ? at : null), r.Etag)).ToList(),
        new TableVersion(table?.Document.Version ?? 0, table?.Etag ?? NoTableEtag));

    /// <summary>
    /// Applies <paramref name="change"/> to the rows of the table as it is now, if that is still the table
    /// <paramref name="expected"/> names, and writes it back with one compare-and-set at the expected version.
    /// </summary>
    /// <param name="change">Edits the rows for a write id; false refuses the change (nothing is written).</param>
    private async Task<bool> ChangeAsync(string operation, TableVersion expected, CancellationToken cancellationToken, Func<List<MembershipRowDocument>, string, bool> change)
    {
        await _initialization.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var table = await ReadTableAsync(_clusterId, cancellationToken).ConfigureAwait(false);
        var etag = table?.Etag ?? NoTableEtag;
        if (expected.VersionEtag != etag)
        {
            LogStaleVersion(_logger, operation, _clusterId, expected.VersionEtag, etag);
            return false;
        }

        var writeId = NewWriteId();
        var rows = table?.Document.Entries.ToList() ?? [];
        if (!change(rows, writeId))
        {
            return false;
        }

        var document = new MembershipTableDocument { ClusterId = _clusterId, Version = expected.Version, WriteId = writeId, Entries = rows };
        return await TryWriteAsync(document, table?.Etag, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the table if it is still at <paramref name="etag"/> (null: if there is none); false when it moved on.</summary>
    private async Task<bool> TryWriteAsync(MembershipTableDocument document, string? etag, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await Documents.PutAsync(
                _options.Index, document.ClusterId, Serialize(document), etag is null ? Precondition.Absent : Precondition.AtEtag, etag, RefreshPolicy.None, cancellationToken)
                .ConfigureAwait(false);
            return outcome.Applied;
        }
        catch (ElasticsearchWriteOutcomeUnknownException unknown)
        {
            // The client's own request timeout lands here too. Sending the write again could apply it on top of a
            // table someone else has written since, so the stored write id decides instead.
            return await ResolveAsync(document.WriteId, unknown, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> ResolveAsync(string writeId, ElasticsearchWriteOutcomeUnknownException unknown, CancellationToken cancellationToken)
    {
        StoredTable? stored;
        try
        {
            stored = await ReadTableAsync(_clusterId, cancellationToken).ConfigureAwait(false);
        }
        catch (ElasticsearchException readFailure)
        {
            throw new ElasticsearchWriteOutcomeUnknownException(
                $"The membership table write of cluster {_clusterId} to index {_options.Index} may or may not have been applied ({unknown.Message}), "
                + $"and reading the table back to find out failed: {readFailure.Message}",
                readFailure);
        }

        // Another write id means ours never landed, or landed and was already written over. Either way the caller
        // must read again and redo its change on the table as it now is, which is what false asks for.
        var landed = stored?.Document.WriteId == writeId;
        LogAmbiguousWriteResolved(_logger, _clusterId, _options.Index, unknown.Message, landed ? "landed" : "did not land or was overwritten");
        return landed;
    }

    private async Task<StoredTable?> ReadTableAsync(string clusterId, CancellationToken cancellationToken)
    {
        var stored = await Documents.GetAsync(_options.Index, clusterId, createMissingIndex: true, cancellationToken).ConfigureAwait(false);
        return stored is null ? null : new StoredTable(Parse(stored.Source, MembershipJsonContext.Default.MembershipTableDocument, _options.Index, clusterId), stored.Etag);
    }

    /// <summary>The heartbeat of each of <paramref name="rows"/> that has one, by silo.</summary>
    private async Task<Dictionary<string, DateTime>> ReadHeartbeatsAsync(IEnumerable<MembershipRowDocument> rows, CancellationToken cancellationToken)
    {
        var reads = rows.Select(async row =>
        {
            var id = HeartbeatDocumentId(_clusterId, row.Address());
            var stored = await Documents.GetAsync(_options.Index, id, createMissingIndex: true, cancellationToken).ConfigureAwait(false);
            return (row.Silo, AliveAt: stored is null ? (DateTime?)null : MembershipTimes.Utc(Parse(stored.Source, MembershipJsonContext.Default.HeartbeatDocument, _options.Index, id).AliveAt));
        });
        var heartbeats = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        foreach (var (silo, aliveAt) in await Task.WhenAll(reads).ConfigureAwait(false))
        {
            if (aliveAt is { } at)
            {
                heartbeats[silo] = at;
            }
        }

        return heartbeats;
    }

    private ElasticsearchStartupException TableCreationFailure(Exception cause) =>
        new($"Elasticsearch membership of cluster {_clusterId} could not start against {string.Join(", ", Documents.NodeUrls)}: "
            + $"creating its table in index {_options.Index} failed: {cause.Message}", cause);

    private static byte[] Serialize(MembershipTableDocument document) =>
        JsonSerializer.SerializeToUtf8Bytes(document, MembershipJsonContext.Default.MembershipTableDocument);

    private static string NewWriteId() => Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture);

    private static T Parse<T>(JsonElement source, JsonTypeInfo<T> type, string index, string id)
    {
        try
        {
            var document = source.Deserialize(type) ?? throw new JsonException("the document is null");
            if (document is MembershipTableDocument table)
            {
                // Addresses are parsed now, so a bad one is reported here, naming the document, not deep in Orleans.
                table.Entries.ForEach(r => r.Address());
            }

            return document;
        }
        catch (Exception exception) when (exception is JsonException or FormatException or ArgumentException or IndexOutOfRangeException)
        {
            throw new ElasticsearchException($"Document '{id}' in membership index {index} is not one this table wrote: {exception.Message}", exception);
        }
    }

    private sealed record StoredTable(MembershipTableDocument Document, string Etag);

    [LoggerMessage(EventId = 2100, Level = LogLevel.Warning,
        Message = "The membership table write of cluster {ClusterId} to index {Index} got no usable answer ({Cause}); reading it back shows it {Outcome}")]
    private static partial void LogAmbiguousWriteResolved(ILogger logger, string clusterId, string index, string cause, string outcome);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Debug,
        Message = "Membership {Operation} in cluster {ClusterId} refused: it expected table etag {ExpectedEtag}, the table is at {CurrentEtag}")]
    private static partial void LogStaleVersion(ILogger logger, string operation, string clusterId, string expectedEtag, string currentEtag);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information,
        Message = "Removed {Count} defunct silo entries (with their heartbeats) from the membership table of cluster {ClusterId}, last updated before {BeforeDate}")]
    private static partial void LogDefunctRemoved(ILogger logger, int count, string clusterId, DateTimeOffset beforeDate);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning,
        Message = "Removing defunct silo entries from the membership table of cluster {ClusterId} lost the race for the table {Attempts} times; the next cleanup tries again")]
    private static partial void LogCleanupGaveUp(ILogger logger, string clusterId, int attempts);
}
