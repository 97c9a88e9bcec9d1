namespace Coordination.Storage;

/// <summary>The state, etag and existence flag that a storage provider reads and writes.</summary>
public interface IGrainState<TState>
{
    TState State { get; set; }

    string? ETag { get; set; }

    bool RecordExists { get; set; }
}

/// <summary>The default <see cref="IGrainState{TState}"/>.</summary>
public sealed class GrainState<TState> : IGrainState<TState>
{
    public GrainState(TState state) => State = state;

    public TState State { get; set; }

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }
}
