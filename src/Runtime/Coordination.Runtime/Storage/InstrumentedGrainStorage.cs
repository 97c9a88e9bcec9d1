using System.Diagnostics;
using Coordination.Runtime.Diagnostics;
using Coordination.Storage;

namespace Coordination.Runtime.Storage;

/// <summary>
/// Wraps every storage provider the runtime uses, to count its operations in
/// <see cref="GrainStorageStatistics"/> and in the runtime meter. Behaviour passes through unchanged.
/// </summary>
internal sealed class InstrumentedGrainStorage(string name, IGrainStorage inner) : IGrainStorage
{
    public string Name { get; } = name;

    public IGrainStorage Inner { get; } = inner;

    public GrainStorageStatistics Statistics { get; } = new();

    public Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        Statistics.CountRead();
        return Observe("read", Inner.ReadStateAsync(stateName, grainId, grainState, cancellationToken));
    }

    public Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        Statistics.CountWrite();
        return Observe("write", Inner.WriteStateAsync(stateName, grainId, grainState, cancellationToken));
    }

    public Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        Statistics.CountClear();
        return Observe("clear", Inner.ClearStateAsync(stateName, grainId, grainState, cancellationToken));
    }

    private Task Observe(string operation, Task pending)
    {
        if (pending.IsCompletedSuccessfully)
        {
            Record(operation, "ok");
            return pending;
        }

        return ObserveAsync(operation, pending);
    }

    private async Task ObserveAsync(string operation, Task pending)
    {
        try
        {
            await pending;
            Record(operation, "ok");
        }
        catch (InconsistentStateException)
        {
            Statistics.CountConflict();
            Record(operation, "conflict");
            throw;
        }
        catch (StorageWriteOutcomeUnknownException)
        {
            Statistics.CountUnknownOutcome();
            Record(operation, "unknown");
            throw;
        }
        catch
        {
            Statistics.CountFailure();
            Record(operation, "error");
            throw;
        }
    }

    private void Record(string operation, string outcome)
    {
        if (RuntimeInstruments.StorageOperations.Enabled)
        {
            RuntimeInstruments.StorageOperations.Add(
                1,
                new TagList { { "storage", Name }, { "operation", operation }, { "outcome", outcome } });
        }
    }
}
