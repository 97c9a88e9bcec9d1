using Coordination.Runtime.Storage;
using Coordination.Storage;
using Microsoft.Extensions.Options;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>
/// Grain storage in an Elasticsearch index, one document per grain. The etag is the document's
/// <c>seq_no:primary_term</c>; the first write uses <c>op_type=create</c> and every later write
/// <c>if_seq_no</c> + <c>if_primary_term</c>, so a write against a changed document is refused with a 409
/// (<see cref="InconsistentStateException"/>). A write with no usable answer is reported as
/// <see cref="StorageWriteOutcomeUnknownException"/>, never retried: the writer re-reads and compares the
/// nonce it stored (the lock grain does).
/// </summary>
public sealed class ElasticsearchGrainStorage : IGrainStorage
{
    /// <summary>Lock documents use the bare key as id, as the lock tooling expects.</summary>
    private const string LockGrainType = "lock";

    private readonly ElasticsearchClient _client;
    private readonly ElasticsearchStorageInitializer _initializer;
    private readonly ElasticsearchStorageOptions _options;
    private readonly GrainStateSerializer _serializer;

    public ElasticsearchGrainStorage(
        string name,
        ElasticsearchClient client,
        ElasticsearchStorageInitializer initializer,
        IOptions<ElasticsearchStorageOptions> options,
        GrainStateSerializer serializer)
    {
        Name = name;
        _client = client;
        _initializer = initializer;
        _options = options.Value;
        _serializer = serializer;
    }

    public string Name { get; }

    /// <summary>The document id of a grain's state: the key for lock grains, <c>type:state:key</c> otherwise.</summary>
    public static string DocumentId(string stateName, GrainId grainId) =>
        grainId.Type == LockGrainType && stateName == LockGrainType ? grainId.Key : $"{grainId.Type}:{stateName}:{grainId.Key}";

    public async Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        await _initializer.EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var document = await _client.GetAsync(_options.Index, DocumentId(stateName, grainId), cancellationToken).ConfigureAwait(false);
        if (!document.Found)
        {
            grainState.RecordExists = false;
            grainState.ETag = null;
            return;
        }

        grainState.State = _serializer.Deserialize<TState>(document.Source);
        grainState.ETag = document.Version.Etag;
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        await _initializer.EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var id = DocumentId(stateName, grainId);
        var condition = grainState.ETag is null ? WriteCondition.Create : ConditionFor(grainState.ETag);
        DocumentWriteResult result;
        try
        {
            result = await _client.IndexAsync(_options.Index, id, _serializer.Serialize(grainState.State), condition, _options.WriteRefresh, cancellationToken).ConfigureAwait(false);
        }
        catch (ElasticsearchRequestFailedException unknown) when (unknown.OutcomeUnknown)
        {
            throw new StorageWriteOutcomeUnknownException($"The write of {grainId} to index {_options.Index} may or may not have been applied: {unknown.Message}", unknown);
        }

        if (!result.Applied)
        {
            throw Conflict(grainId, grainState.ETag, result);
        }

        grainState.ETag = result.Version!.Value.Etag;
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        await _initializer.EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var id = DocumentId(stateName, grainId);
        if (grainState.ETag is null)
        {
            // Nothing to delete as far as the caller knows; a document there means it was written behind its back.
            var current = await _client.GetAsync(_options.Index, id, cancellationToken).ConfigureAwait(false);
            if (current.Found)
            {
                throw new InconsistentStateException(
                    $"State of {grainId} in index {_options.Index} exists with etag {current.Version.Etag}, but the writer expected none.", current.Version.Etag, null);
            }

            return;
        }

        DocumentWriteResult result;
        try
        {
            result = await _client.DeleteAsync(_options.Index, id, ConditionFor(grainState.ETag), _options.WriteRefresh, cancellationToken).ConfigureAwait(false);
        }
        catch (ElasticsearchRequestFailedException unknown) when (unknown.OutcomeUnknown)
        {
            throw new StorageWriteOutcomeUnknownException($"The delete of {grainId} from index {_options.Index} may or may not have been applied: {unknown.Message}", unknown);
        }

        if (!result.Applied)
        {
            throw Conflict(grainId, grainState.ETag, result);
        }

        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private InconsistentStateException Conflict(GrainId grainId, string? expectedEtag, DocumentWriteResult result) => new(
        $"State of {grainId} in index {_options.Index} changed since it was read (expected etag {expectedEtag ?? "(none)"}): {result.ConflictReason ?? "the document is gone"}",
        result.CurrentVersion?.Etag,
        expectedEtag);

    private static WriteCondition ConditionFor(string etag) =>
        WriteCondition.TryMatchEtag(etag, out var condition)
            ? condition
            : throw new InvalidOperationException($"'{etag}' is not an Elasticsearch etag (seq_no:primary_term); it did not come from this storage.");
}
