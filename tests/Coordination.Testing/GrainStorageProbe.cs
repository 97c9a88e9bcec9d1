using System.Collections.Concurrent;
using System.Text.Json;
using Orleans.Runtime;
using Orleans.Storage;

namespace Coordination.Testing;

/// <summary>
/// Counts the reads and writes that grains send to a storage provider, per grain, and injects faults into chosen
/// ones: a competing writer just before a write, writes that fail with or without being applied or that land
/// later, and reads that fail. One probe serves every silo (and every cluster) of a test, through a
/// <see cref="ProbedGrainStorage"/> in each silo, so counts and faults do not depend on where a grain lives.
/// </summary>
/// <remarks>
/// Counts and faults are per grain so that tests sharing a cluster (and its clock) cannot disturb each other:
/// a lease expiring on another key writes, but not to this key.
/// </remarks>
public sealed class GrainStorageProbe
{
    private readonly ConcurrentDictionary<GrainId, Counts> _counts = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<GrainId, Queue<WritePlan>> _writePlans = [];
    private readonly Dictionary<GrainId, (int Count, Func<string, Exception> Error)> _failingReads = [];
    private readonly ConcurrentQueue<Func<Task<bool>>> _delayedWrites = new();

    /// <summary>Reads of <paramref name="grainId"/>'s state attempted by grains, whatever their outcome.</summary>
    public long Reads(GrainId grainId) => _counts.TryGetValue(grainId, out var counts) ? Interlocked.Read(ref counts.Reads) : 0;

    /// <summary>Writes (and clears) of <paramref name="grainId"/>'s state attempted by grains, whatever their outcome.</summary>
    public long Writes(GrainId grainId) => _counts.TryGetValue(grainId, out var counts) ? Interlocked.Read(ref counts.Writes) : 0;

    /// <summary>
    /// Makes the next write of <paramref name="grainId"/> (after those already planned) behave as <paramref name="fault"/>,
    /// failing with the error <paramref name="error"/> makes of a description (an <see cref="InjectedStorageFaultException"/> by default).
    /// </summary>
    public void InjectWriteFault(GrainId grainId, StorageFault fault, Func<string, Exception>? error = null) =>
        Plan(grainId, new WritePlan(fault, null, error ?? DefaultError));

    /// <summary>
    /// Runs <paramref name="competingWriter"/> just before the next write of <paramref name="grainId"/> (after those
    /// already planned) reaches the store, then lets that write through: the way a second activation of the grain,
    /// or a delayed request, gets there first.
    /// </summary>
    public void BeforeNextWrite(GrainId grainId, Func<Task> competingWriter) => Plan(grainId, new WritePlan(null, competingWriter, DefaultError));

    /// <summary>
    /// Makes the next <paramref name="count"/> reads of <paramref name="grainId"/> fail, as if the store were unreachable,
    /// with the error <paramref name="error"/> makes of a description (an <see cref="InjectedStorageFaultException"/> by default).
    /// </summary>
    public void FailNextReads(GrainId grainId, int count, Func<string, Exception>? error = null)
    {
        lock (_gate)
        {
            _failingReads[grainId] = (count, error ?? DefaultError);
        }
    }

    /// <summary>Planned write faults and failing reads of <paramref name="grainId"/> not yet used: a test can check that its faults were hit.</summary>
    public int PendingFaults(GrainId grainId)
    {
        lock (_gate)
        {
            return (_writePlans.TryGetValue(grainId, out var plans) ? plans.Count : 0) + _failingReads.GetValueOrDefault(grainId).Count;
        }
    }

    /// <summary>
    /// Lets every write held back by <see cref="StorageFault.LandLater"/> reach the store now, oldest first. Returns how
    /// many landed; the others found the record changed since they were sent, and were refused as a store would.
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

    internal void CountRead(GrainId grainId) => Interlocked.Increment(ref _counts.GetOrAdd(grainId, _ => new Counts()).Reads);

    internal void CountWrite(GrainId grainId) => Interlocked.Increment(ref _counts.GetOrAdd(grainId, _ => new Counts()).Writes);

    internal Func<string, Exception>? TakeReadFailure(GrainId grainId)
    {
        lock (_gate)
        {
            if (!_failingReads.TryGetValue(grainId, out var failing) || failing.Count <= 0)
            {
                return null;
            }

            _failingReads[grainId] = (failing.Count - 1, failing.Error);
            return failing.Error;
        }
    }

    internal WritePlan? TakeWritePlan(GrainId grainId)
    {
        lock (_gate)
        {
            return _writePlans.TryGetValue(grainId, out var plans) && plans.TryDequeue(out var plan) ? plan : null;
        }
    }

    internal void HoldBack<T>(IGrainStorage inner, string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        // The grain may change its state object before this lands; what was sent is a snapshot.
        var sent = new GrainState<T>(JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(grainState.State))!, grainState.ETag)
        {
            RecordExists = grainState.RecordExists,
        };
        _delayedWrites.Enqueue(async () =>
        {
            try
            {
                await inner.WriteStateAsync(stateName, grainId, sent, CancellationToken.None);
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        });
    }

    private void Plan(GrainId grainId, WritePlan plan)
    {
        lock (_gate)
        {
            if (!_writePlans.TryGetValue(grainId, out var plans))
            {
                _writePlans[grainId] = plans = new Queue<WritePlan>();
            }

            plans.Enqueue(plan);
        }
    }

    private sealed class Counts
    {
        public long Reads;
        public long Writes;
    }

    private static Exception DefaultError(string description) => new InjectedStorageFaultException(description);

    /// <summary>What happens to one write: a fault with its error, or a competing writer that goes first.</summary>
    internal sealed record WritePlan(StorageFault? Fault, Func<Task>? CompetingWriter, Func<string, Exception> Error);
}
