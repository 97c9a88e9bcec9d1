namespace Coordination.Storage;

/// <summary>
/// A storage provider. Providers must implement compare-and-set: a write or clear succeeds only when the
/// stored etag equals <see cref="IGrainState{TState}.ETag"/> (null meaning "no record"), and a new etag is
/// never reused for the same grain, even after a clear.
/// </summary>
public interface IGrainStorage
{
    /// <summary>Reads the record into <paramref name="grainState"/>; when there is none, sets RecordExists=false and ETag=null and leaves State as is.</summary>
    Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken);

    /// <summary>Writes with compare-and-set and stores the new etag in <paramref name="grainState"/>.</summary>
    /// <exception cref="InconsistentStateException">The etags differ; nothing was written.</exception>
    /// <exception cref="StorageWriteOutcomeUnknownException">The outcome is unknown; re-read to find out.</exception>
    Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken);

    /// <summary>Deletes with compare-and-set; afterwards RecordExists=false and ETag=null.</summary>
    /// <exception cref="InconsistentStateException">The etags differ; nothing was deleted.</exception>
    Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken);
}
