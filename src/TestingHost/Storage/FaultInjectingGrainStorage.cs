using System.Collections.Concurrent;
using Coordination.Storage;

namespace Coordination.TestingHost;

/// <summary>
/// Wraps a real storage provider and injects faults into chosen operations, so tests can show that
/// conflicts, ambiguous writes and unreadable stores never cause a false or a double grant. Everything not
/// targeted by a fault passes through to the real store.
/// </summary>
public sealed class FaultInjectingGrainStorage(IGrainStorage inner) : IGrainStorage
{
    private readonly ConcurrentQueue<WriteFault> _writeFaults = new();
    private readonly ConcurrentQueue<Func<Task<bool>>> _delayedWrites = new();
    private int _failingReads;

    public IGrainStorage Inner { get; } = inner;

    /// <summary>Makes the next matching write behave as <paramref name="fault"/>.</summary>
    public void InjectWriteFault(StorageFault fault, Func<GrainId, bool>? appliesTo = null) =>
        _writeFaults.Enqueue(new WriteFault(fault, null, appliesTo));

    /// <summary>
    /// Runs <paramref name="competingWriter"/> just before the next matching write reaches the store: the way
    /// a second activation on another silo would win a race.
    /// </summary>
    public void BeforeNextWrite(Func<Task> competingWriter, Func<GrainId, bool>? appliesTo = null) =>
        _writeFaults.Enqueue(new WriteFault(null, competingWriter, appliesTo));

    /// <summary>Makes the next <paramref name="count"/> reads fail, as if the store were unreachable.</summary>
    public void FailNextReads(int count) => Interlocked.Exchange(ref _failingReads, count);

    /// <summary>
    /// Lets every write held back by <see cref="StorageFault.LandLater"/> reach the store now. Returns how many
    /// landed; the others found the record changed and were refused, as they would have been.
    /// </summary>
    public async Task<int> LandDelayedWritesAsync()
    {
        var landed = 0;
        while (_delayedWrites.TryDequeue(out var write))
        {
            landed += await write() ? 1 : 0;
        }

        return landed;
    }

    /// <summary>Number of injected faults not yet triggered.</summary>
    public int PendingFaults => _writeFaults.Count;

    public Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        if (TryTakeReadFailure())
        {
            throw new IOException($"Injected fault: the store is unreachable for reading {grainId}.");
        }

        return Inner.ReadStateAsync(stateName, grainId, grainState, cancellationToken);
    }

    public async Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        if (!TryTakeFault(grainId, out var fault))
        {
            await Inner.WriteStateAsync(stateName, grainId, grainState, cancellationToken);
            return;
        }

        if (fault.CompetingWriter is { } competingWriter)
        {
            await competingWriter();
            await Inner.WriteStateAsync(stateName, grainId, grainState, cancellationToken);
            return;
        }

        switch (fault.Fault)
        {
            case StorageFault.FailWithoutApplying:
                throw new IOException($"Injected fault: the store refused the write of {grainId}.");
            case StorageFault.ApplyThenLoseResponse:
                // Apply to a copy of the state object: the writer must not learn the new etag.
                await Inner.WriteStateAsync(stateName, grainId, Copy(grainState), cancellationToken);
                throw new StorageWriteOutcomeUnknownException($"Injected fault: the write of {grainId} was applied but its response was lost.");
            case StorageFault.LandLater:
                // It lands later, so it carries a snapshot: the grain may change its state object meanwhile.
                var delayed = new GrainState<TState>(Snapshot.Deserialize<TState>(Snapshot.Serialize(grainState.State)))
                {
                    ETag = grainState.ETag,
                    RecordExists = grainState.RecordExists,
                };
                _delayedWrites.Enqueue(async () =>
                {
                    try
                    {
                        await Inner.WriteStateAsync(stateName, grainId, delayed, CancellationToken.None);
                        return true;
                    }
                    catch (InconsistentStateException)
                    {
                        return false;
                    }
                });
                throw new StorageWriteOutcomeUnknownException($"Injected fault: the write of {grainId} timed out; it is still on its way.");
        }
    }

    public Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken) =>
        Inner.ClearStateAsync(stateName, grainId, grainState, cancellationToken);

    private static readonly Coordination.Runtime.Storage.GrainStateSerializer Snapshot = new();

    // Written immediately, so sharing the State object is safe; the etag and existence flag must not be shared,
    // or the writer would learn the outcome of a write it was told failed.
    private static GrainState<TState> Copy<TState>(IGrainState<TState> state) =>
        new(state.State) { ETag = state.ETag, RecordExists = state.RecordExists };

    private bool TryTakeReadFailure()
    {
        while (true)
        {
            var remaining = Volatile.Read(ref _failingReads);
            if (remaining <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _failingReads, remaining - 1, remaining) == remaining)
            {
                return true;
            }
        }
    }

    private bool TryTakeFault(GrainId grainId, out WriteFault fault)
    {
        // Faults are consumed in order; one that does not match this grain stays queued.
        if (_writeFaults.TryPeek(out var next) && (next.AppliesTo is null || next.AppliesTo(grainId)) && _writeFaults.TryDequeue(out fault!))
        {
            return true;
        }

        fault = null!;
        return false;
    }

    private sealed record WriteFault(StorageFault? Fault, Func<Task>? CompetingWriter, Func<GrainId, bool>? AppliesTo);
}
