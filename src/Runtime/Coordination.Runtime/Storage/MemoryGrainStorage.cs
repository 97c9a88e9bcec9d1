using Coordination.Storage;

namespace Coordination.Runtime.Storage;

/// <summary>
/// Grain storage in this process's memory: the embedded default for a single development silo and for
/// tests. It has exactly the compare-and-set semantics of the durable stores: a write or clear succeeds only
/// against the current etag, and etags are never reused, even after a clear. States are stored serialized,
/// so later changes to an object a grain wrote do not leak into the store.
/// </summary>
public sealed class MemoryGrainStorage(string name, GrainStateSerializer serializer) : IGrainStorage
{
    private readonly object _gate = new();
    private readonly Dictionary<(string StateName, GrainId GrainId), Record> _records = [];
    private long _lastEtag;

    public string Name { get; } = name;

    public Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        Record? record;
        lock (_gate)
        {
            _records.TryGetValue((stateName, grainId), out record);
        }

        if (record is null)
        {
            grainState.RecordExists = false;
            grainState.ETag = null;
        }
        else
        {
            grainState.State = serializer.Deserialize<TState>(record.Json);
            grainState.ETag = record.Etag;
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        var json = serializer.Serialize(grainState.State);
        lock (_gate)
        {
            var key = (stateName, grainId);
            _records.TryGetValue(key, out var current);
            ThrowIfEtagDiffers(stateName, grainId, current, grainState.ETag);
            var etag = (++_lastEtag).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _records[key] = new Record(json, etag);
            grainState.ETag = etag;
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    public Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var key = (stateName, grainId);
            _records.TryGetValue(key, out var current);
            ThrowIfEtagDiffers(stateName, grainId, current, grainState.ETag);
            _records.Remove(key);
            grainState.ETag = null;
            grainState.RecordExists = false;
        }

        return Task.CompletedTask;
    }

    private void ThrowIfEtagDiffers(string stateName, GrainId grainId, Record? current, string? expected)
    {
        if (!string.Equals(current?.Etag, expected, StringComparison.Ordinal))
        {
            throw new InconsistentStateException(
                $"State '{stateName}' of grain {grainId} in memory storage '{Name}' has etag {current?.Etag ?? "(none)"}, " +
                $"but the writer expected {expected ?? "(none)"}; it was changed by another writer.",
                current?.Etag,
                expected);
        }
    }

    private sealed record Record(byte[] Json, string Etag);
}
