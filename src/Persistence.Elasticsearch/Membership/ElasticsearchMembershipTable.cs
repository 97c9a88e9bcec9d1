using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Coordination.Runtime.Configuration;
using Coordination.Runtime.Membership;
using Coordination.Runtime.Messaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>
/// A cluster's membership table in Elasticsearch. The whole table is one document whose <c>_id</c> is the
/// cluster id, so a single compare-and-set covers every row: its etag is the document's
/// <c>seq_no:primary_term</c>, the first write is <c>op_type=create</c> and every later one carries
/// <c>if_seq_no</c> + <c>if_primary_term</c>. Heartbeats are one document per silo, written without a
/// precondition. Everything is read by id, which is realtime; search is not, so it is never used here.
/// </summary>
public sealed class ElasticsearchMembershipTable : IMembershipTable
{
    private static readonly IReadOnlyDictionary<SiloAddress, DateTimeOffset> s_noHeartbeats = new Dictionary<SiloAddress, DateTimeOffset>();

    private readonly ElasticsearchClient _client;
    private readonly ElasticsearchMembershipOptions _options;
    private readonly string _clusterId;
    private readonly ILogger _logger;
    private readonly RetryingInitialization _initialization;

    public ElasticsearchMembershipTable(
        ElasticsearchClient client,
        IOptions<ElasticsearchMembershipOptions> options,
        IOptions<SiloOptions> silo,
        ILogger<ElasticsearchMembershipTable>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _options = options.Value;
        _clusterId = silo.Value.ClusterId;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _initialization = new RetryingInitialization(() => IndexBootstrap.RunAsync(
            _client, "Elasticsearch membership", _options.TemplateName, MembershipIndexTemplate.Build(_options), _options.Index, TimeSpan.Zero, CancellationToken.None));
    }

    /// <summary>The id of the document holding the table: the cluster id.</summary>
    internal string TableDocumentId => _clusterId;

    /// <summary>The id of the document holding <paramref name="silo"/>'s heartbeat.</summary>
    internal string HeartbeatDocumentId(SiloAddress silo) => $"{_clusterId}/heartbeat/{silo}";

    public async Task<MembershipSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        await _initialization.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var stored = await _client.GetAsync(_options.Index, TableDocumentId, cancellationToken).ConfigureAwait(false);
        var (data, etag) = ToTable(stored, _options.Index, TableDocumentId);
        if (etag is null)
        {
            return new MembershipSnapshot(data, null, s_noHeartbeats);
        }

        // Dead silos' heartbeats matter to nobody; reading them would make every refresh grow with each restart.
        var heartbeats = await ReadHeartbeatsAsync(data.Entries.Where(e => e.Status != SiloStatus.Dead).Select(e => e.Silo).Distinct(), cancellationToken).ConfigureAwait(false);
        return new MembershipSnapshot(data, etag, heartbeats);
    }

    /// <summary>
    /// Reads cluster <paramref name="clusterId"/>'s table from <paramref name="index"/> by id (realtime) and writes
    /// nothing, not even a missing index: it is empty when there is no table or no index yet. Read access is all
    /// that clients discovering gateways need.
    /// </summary>
    internal static async Task<MembershipTableData> ReadWithoutWritingAsync(ElasticsearchClient client, string index, string clusterId, CancellationToken cancellationToken)
    {
        var stored = await client.GetWithoutCreatingIndexAsync(index, clusterId, cancellationToken).ConfigureAwait(false);
        return ToTable(stored, index, clusterId).Data;
    }

    private static (MembershipTableData Data, string? Etag) ToTable(DocumentReadResult stored, string index, string id) =>
        stored.Found
            ? (Parse(stored.Source, MembershipJsonContext.Default.MembershipTableDocument, index, id, d => d.ToData()), stored.Version.Etag)
            : (MembershipTableData.Empty, null);

    public async Task<bool> TryWriteAsync(MembershipTableData data, string? expectedEtag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        var condition = WriteCondition.Create;
        if (expectedEtag is not null && !WriteCondition.TryMatchEtag(expectedEtag, out condition))
        {
            throw new ArgumentException(
                $"'{expectedEtag}' is not an etag of this table (seq_no:primary_term, as ReadAsync returns it).", nameof(expectedEtag));
        }

        await _initialization.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var writeId = Guid.NewGuid().ToString("N");
        var source = JsonSerializer.SerializeToUtf8Bytes(
            MembershipTableDocument.From(_clusterId, writeId, data), MembershipJsonContext.Default.MembershipTableDocument);
        try
        {
            var result = await _client.IndexAsync(_options.Index, TableDocumentId, source, condition, RefreshPolicy.None, cancellationToken).ConfigureAwait(false);
            return result.Applied;
        }
        catch (ElasticsearchRequestFailedException unknown) when (unknown.OutcomeUnknown)
        {
            // The client reports its own request timeout this way too. Sending the write again could apply
            // it on top of a table someone else has written since, so the stored write id decides instead.
            return await ResolveAsync(writeId, unknown, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task WriteHeartbeatAsync(SiloAddress silo, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(silo);
        await _initialization.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var source = JsonSerializer.SerializeToUtf8Bytes(
            new HeartbeatDocument { ClusterId = _clusterId, Silo = silo.ToString(), AliveAt = at }, MembershipJsonContext.Default.HeartbeatDocument);

        // No precondition: only the silo itself writes its heartbeat, so the last write is the latest.
        await _client.IndexAsync(_options.Index, HeartbeatDocumentId(silo), source, WriteCondition.None, RefreshPolicy.None, cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteHeartbeatsAsync(IReadOnlyCollection<SiloAddress> silos, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(silos);
        await _initialization.EnsureAsync(cancellationToken).ConfigureAwait(false);
        // A heartbeat already gone answers "not found", which DeleteAsync reports as not applied: nothing to do.
        await Task.WhenAll(silos.Select(silo =>
            _client.DeleteAsync(_options.Index, HeartbeatDocumentId(silo), WriteCondition.None, RefreshPolicy.None, cancellationToken))).ConfigureAwait(false);
    }

    private async Task<bool> ResolveAsync(string writeId, ElasticsearchRequestFailedException unknown, CancellationToken cancellationToken)
    {
        DocumentReadResult stored;
        try
        {
            stored = await _client.GetAsync(_options.Index, TableDocumentId, cancellationToken).ConfigureAwait(false);
        }
        catch (ElasticsearchException readFailure)
        {
            throw new ElasticsearchRequestFailedException(
                $"The membership table write of cluster {_clusterId} to index {_options.Index} may or may not have been applied ({unknown.Message}), "
                + $"and reading the table back to find out failed: {readFailure.Message}",
                outcomeUnknown: true,
                readFailure);
        }

        // Another write id means ours never landed, or landed and was already written over. Either way the
        // caller must read again and redo its change on the table as it now is, which is what false asks.
        var landed = stored.Found
            && stored.Source.ValueKind == JsonValueKind.Object
            && stored.Source.TryGetProperty("write_id", out var storedWriteId)
            && storedWriteId.ValueKind == JsonValueKind.String
            && storedWriteId.GetString() == writeId;
        ElasticsearchMembershipLog.AmbiguousWriteResolved(_logger, _clusterId, _options.Index, unknown.Message, landed ? "landed" : "did not land or was overwritten");
        return landed;
    }

    private async Task<IReadOnlyDictionary<SiloAddress, DateTimeOffset>> ReadHeartbeatsAsync(IEnumerable<SiloAddress> silos, CancellationToken cancellationToken)
    {
        var reads = silos.Select(async silo =>
        {
            var id = HeartbeatDocumentId(silo);
            var stored = await _client.GetAsync(_options.Index, id, cancellationToken).ConfigureAwait(false);
            return (Silo: silo, AliveAt: stored.Found ? Parse(stored.Source, MembershipJsonContext.Default.HeartbeatDocument, _options.Index, id, d => d.AliveAt) : (DateTimeOffset?)null);
        });
        var heartbeats = new Dictionary<SiloAddress, DateTimeOffset>();
        foreach (var (silo, aliveAt) in await Task.WhenAll(reads).ConfigureAwait(false))
        {
            if (aliveAt is { } at)
            {
                heartbeats[silo] = at;
            }
        }

        return heartbeats;
    }

    private static TResult Parse<TDocument, TResult>(JsonElement source, JsonTypeInfo<TDocument> type, string index, string id, Func<TDocument, TResult> convert)
    {
        try
        {
            return convert(source.Deserialize(type) ?? throw new JsonException("the document is null"));
        }
        catch (Exception exception) when (exception is JsonException or FormatException)
        {
            throw new ElasticsearchException($"Document '{id}' in membership index {index} is not one this table wrote: {exception.Message}", exception);
        }
    }
}
