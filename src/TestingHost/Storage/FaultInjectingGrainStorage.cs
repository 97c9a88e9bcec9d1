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
                var applied = new GrainState<TState>(grainState.State) { ETag = grainState.ETag, RecordExists = grainState.RecordExists };
                await Inner.WriteStateAsync(stateName, grainId, applied, cancellationToken);
                throw new StorageWriteOutcomeUnknownException($"Injected fault: the write of {grainId} was applied but its response was lost.");
        }
    }

    public Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken) =>
        Inner.ClearStateAsync(stateName, grainId, grainState, cancellationToken);

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
