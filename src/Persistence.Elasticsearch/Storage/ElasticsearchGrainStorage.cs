using System.Diagnostics;
using Elastic.Clients.Elasticsearch;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>
/// Orleans grain storage in Elasticsearch, one document per grain state record. The etag is the document's
/// <c>seq_no:primary_term</c>; a write without an etag is <c>op_type=create</c> and every other write carries
/// <c>if_seq_no</c> + <c>if_primary_term</c>, so a write against a changed record is refused with a 409, reported
/// as <see cref="InconsistentStateException"/>. A write or clear with no usable answer is reported as
/// <see cref="ElasticsearchWriteOutcomeUnknownException"/> and never retried: the writer re-reads (the lock grain
/// compares the nonce it stored). Lock state is the readable lock document under its key in
/// <see cref="ElasticsearchGrainStorageOptions.Index"/>; every other state lives in
/// <see cref="ElasticsearchGrainStorageOptions.GrainStateIndex"/> (see <see cref="GrainStateDocuments"/>).
/// </summary>
public sealed partial class ElasticsearchGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly string _name;
    private readonly ElasticsearchGrainStorageOptions _options;
    private readonly IActivatorProvider _activators;
    private readonly ILogger _logger;
    private readonly RetryingInitialization _initialization;
    private readonly Lazy<DocumentStore> _documents;

    /// <param name="name">The storage's name, as grains name it in <c>[PersistentState(stateName, name)]</c>.</param>
    /// <param name="options">Where the state lives and how to reach the cluster; the storage owns the client it builds from them (not one it is given).</param>
    /// <param name="activators">Creates the fresh state of a record that does not exist, as Orleans does.</param>
    /// <param name="services">Where the <see cref="ElasticsearchClient"/> named by <see cref="ElasticsearchConnectionOptions.ClientServiceKey"/> is; needed only with that setting.</param>
    public ElasticsearchGrainStorage(
        string name, ElasticsearchGrainStorageOptions options, IActivatorProvider activators, ILogger<ElasticsearchGrainStorage> logger, IServiceProvider? services = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(activators);
        ArgumentNullException.ThrowIfNull(logger);
        _name = name;
        _options = options;
        _activators = activators;
        _logger = logger;
        // Built on first use, not here: Orleans creates providers before it runs the configuration validators,
        // and a bad URL must be reported by the validator, with every other bad setting.
        _documents = new Lazy<DocumentStore>(() => new DocumentStore(ElasticsearchConnection.For(options, services, logger)));
        _initialization = new RetryingInitialization(() => Documents.PrepareAsync(
            $"Elasticsearch grain storage \"{_name}\"",
            [GrainStorageIndexTemplates.Locks(_options), GrainStorageIndexTemplates.GrainState(_options)],
            _options.StartupHealthTimeout,
            CancellationToken.None));
    }

    internal DocumentStore Documents => _documents.Value;

    internal ElasticsearchGrainStorageOptions Options => _options;

    internal Task EnsureInitializedAsync(CancellationToken cancellationToken) => _initialization.EnsureAsync(cancellationToken);

    /// <summary>
    /// Installs the index templates and creates both indices at <see cref="ElasticsearchGrainStorageOptions.InitStage"/>,
    /// so a cluster that cannot be reached fails silo start-up with an <see cref="ElasticsearchStartupException"/>.
    /// </summary>
    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe($"{nameof(ElasticsearchGrainStorage)}-{_name}", _options.InitStage, InitializeAsync);
    }

    /// <summary>
    /// Prepares the cluster: server check, wait for yellow, templates, indices. Every operation waits for it too, and
    /// runs it again if it failed, so nothing is ever written to an index created without its template.
    /// </summary>
    /// <exception cref="ElasticsearchStartupException">The cluster could not be prepared; the message names the URLs and the cause.</exception>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await _initialization.EnsureAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ElasticsearchStartupException failure)
        {
            LogInitializationFailed(_logger, failure, _name);
            throw;
        }

        LogInitialized(_logger, _name, _options.Index, _options.GrainStateIndex, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        await _initialization.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var address = GrainStateDocuments.Locate(_options, stateName, grainId);
        var stored = await Documents.GetAsync(address.Index, address.Id, createMissingIndex: true, cancellationToken).ConfigureAwait(false);
        if (stored is not null && GrainStateDocuments.TryRead<T>(address, stateName, grainId, stored.Source, _options.SerializerOptions, out var state))
        {
            grainState.State = state!;
            grainState.ETag = stored.Etag;
            grainState.RecordExists = true;
            return;
        }

        // A cleared record keeps its etag: the next write must be made against it.
        grainState.State = NewState<T>();
        grainState.ETag = stored?.Etag;
        grainState.RecordExists = false;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        await _initialization.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var address = GrainStateDocuments.Locate(_options, stateName, grainId);
        var source = GrainStateDocuments.Written(address, stateName, grainId, grainState.State, _options.SerializerOptions);
        var etag = await PutAsync("write", address, grainId, stateName, source, grainState.ETag, cancellationToken).ConfigureAwait(false);
        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        await _initialization.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var address = GrainStateDocuments.Locate(_options, stateName, grainId);
        var etag = await PutAsync("clear", address, grainId, stateName, GrainStateDocuments.Cleared(address, stateName, grainId), grainState.ETag, cancellationToken)
            .ConfigureAwait(false);
        grainState.State = NewState<T>();
        grainState.ETag = etag;
        grainState.RecordExists = false;
    }

    public void Dispose()
    {
        if (_documents.IsValueCreated)
        {
            _documents.Value.Dispose();
        }
    }

    private async Task<string> PutAsync(
        string operation, GrainStateAddress address, GrainId grainId, string stateName, ReadOnlyMemory<byte> source, string? expectedEtag, CancellationToken cancellationToken)
    {
        if (expectedEtag is not null && !DocumentStore.IsEtag(expectedEtag))
        {
            throw new InconsistentStateException(
                $"The {operation} of {grainId} state '{stateName}' carries etag '{expectedEtag}', which this storage never handed out (its etags are seq_no:primary_term).",
                storedEtag: null,
                currentEtag: expectedEtag);
        }

        WriteOutcome outcome;
        try
        {
            outcome = await Documents.PutAsync(
                address.Index, address.Id, source, expectedEtag is null ? Precondition.Absent : Precondition.AtEtag, expectedEtag, _options.WriteRefresh, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (ElasticsearchWriteOutcomeUnknownException unknown)
        {
            LogOutcomeUnknown(_logger, unknown, operation, grainId, stateName, _name);
            throw new ElasticsearchWriteOutcomeUnknownException(
                $"The {operation} of {grainId} state '{stateName}' (document '{address.Id}' in index {address.Index}) may or may not have been applied: {unknown.Message} "
                + "Read the state again to find out; the write was not repeated.",
                unknown);
        }

        if (outcome.Applied)
        {
            return outcome.Etag!;
        }

        LogConflict(_logger, operation, grainId, stateName, expectedEtag, outcome.StoredEtag);
        throw new InconsistentStateException(
            $"The {operation} of {grainId} state '{stateName}' (document '{address.Id}' in index {address.Index}) was refused: the record changed since it was read "
            + $"(expected {(expectedEtag is null ? "no record" : $"etag {expectedEtag}")}; {outcome.ConflictReason ?? "no reason given"}).",
            outcome.StoredEtag,
            expectedEtag);
    }

    private T NewState<T>() => _activators.GetActivator<T>().Create();

    [LoggerMessage(EventId = 2200, Level = LogLevel.Information,
        Message = "Elasticsearch grain storage {Name} is ready: lock index {LockIndex}, grain state index {GrainStateIndex} ({ElapsedMilliseconds} ms)")]
    private static partial void LogInitialized(ILogger logger, string name, string lockIndex, string grainStateIndex, double elapsedMilliseconds);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Error, Message = "Elasticsearch grain storage {Name} could not start")]
    private static partial void LogInitializationFailed(ILogger logger, Exception exception, string name);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Debug,
        Message = "The {Operation} of {GrainId} state {StateName} was refused: expected etag {ExpectedEtag}, stored {StoredEtag}")]
    private static partial void LogConflict(ILogger logger, string operation, GrainId grainId, string stateName, string? expectedEtag, string? storedEtag);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Warning,
        Message = "The {Operation} of {GrainId} state {StateName} in storage {Name} got no usable answer; it may or may not have been applied")]
    private static partial void LogOutcomeUnknown(ILogger logger, Exception exception, string operation, GrainId grainId, string stateName, string name);
}
