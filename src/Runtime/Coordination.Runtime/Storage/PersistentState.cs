using Coordination.Storage;

namespace Coordination.Runtime.Storage;

/// <summary>The runtime's <see cref="IPersistentState{TState}"/>: a named state of one grain in one storage provider.</summary>
internal sealed class PersistentState<TState>(string stateName, GrainId grainId, IGrainStorage storage)
    : IPersistentState<TState>, IPersistentStateBinding
    where TState : new()
{
    private readonly GrainState<TState> _grainState = new(new TState());

    public TState State
    {
        get => _grainState.State;
        set => _grainState.State = value;
    }

    public string? Etag => _grainState.ETag;

    public bool RecordExists => _grainState.RecordExists;

    public async Task ReadStateAsync(CancellationToken cancellationToken = default)
    {
        await storage.ReadStateAsync(stateName, grainId, _grainState, cancellationToken);
        if (!_grainState.RecordExists)
        {
            _grainState.State = new TState();
        }
    }

    public Task WriteStateAsync(CancellationToken cancellationToken = default) =>
        storage.WriteStateAsync(stateName, grainId, _grainState, cancellationToken);

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        await storage.ClearStateAsync(stateName, grainId, _grainState, cancellationToken);
        _grainState.State = new TState();
    }

    Task IPersistentStateBinding.ReadAsync(CancellationToken cancellationToken) => ReadStateAsync(cancellationToken);
}
