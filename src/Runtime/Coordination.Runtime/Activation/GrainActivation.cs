using System.Collections.Concurrent;
using Coordination.Invocation;
using Coordination.Runtime.Storage;
using Coordination.Runtime.Timers;
using Coordination.Storage;

namespace Coordination.Runtime.Activation;

/// <summary>
/// One activation of one grain on this silo. It owns two queues: <see cref="_inbox"/> for calls not yet
/// started, and <see cref="_workItems"/> for continuations of calls already running and for runtime
/// checks. A single worker drains them, one item at a time, on the thread pool; so grain code never runs
/// on two threads at once. Which waiting call may start is decided by the interleaving rules in
/// <c>GrainActivation.Requests.cs</c>; activation and deactivation live in <c>GrainActivation.Lifecycle.cs</c>.
/// </summary>
internal sealed partial class GrainActivation : IGrainRuntimeContext, IThreadPoolWorkItem
{
    // Bounds one worker slice so a busy activation cannot monopolise a thread-pool thread.
    private const int MaxItemsPerSlice = 256;

    private readonly ConcurrentQueue<GrainRequest> _inbox = new();
    private readonly ConcurrentQueue<WorkItem> _workItems = new();
    private readonly ActivationSynchronizationContext _synchronizationContext;
    private readonly ActivationServices _services;
    private readonly GrainClassDescriptor _grainClass;
    private readonly List<IPersistentStateBinding> _states = [];
    private readonly List<GrainTimer> _timers = [];
    private readonly TaskCompletionSource _gone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _scheduled;
    private long? _sliceTimestamp;
    private volatile ActivationState _state = ActivationState.Creating;

    public GrainActivation(GrainId grainId, GrainClassDescriptor grainClass, ActivationServices services)
    {
        GrainId = grainId;
        _grainClass = grainClass;
        _services = services;
        _synchronizationContext = new ActivationSynchronizationContext(this);
    }

    public GrainId GrainId { get; }

    public IGrainFactory GrainFactory => _services.GrainFactory;

    public IServiceProvider Services => _services.Services;

    public TimeProvider TimeProvider => _services.Clock;

    public bool KeepAlive { get; set; }

    internal ActivationState State => _state;

    internal Microsoft.Extensions.Logging.ILogger Logger => _services.Logger;

    /// <summary>Completes when the activation is gone (deactivated, or its activation failed).</summary>
    internal Task Gone => _gone.Task;

    /// <summary>The grain instance, once constructed; for tests.</summary>
    internal Grain? GrainInstance { get; private set; }

    /// <summary>Accepts a call unless the activation is gone; the caller then asks the catalog again.</summary>
    public bool TryEnqueue(GrainRequest request)
    {
        if (_state == ActivationState.Invalid)
        {
            return false;
        }

        // If the activation turns invalid right after the check, its worker re-routes what is in the inbox.
        _inbox.Enqueue(request);
        Schedule();
        return true;
    }

    /// <summary>Queues a callback to run as a turn (continuations, timer ticks, runtime checks).</summary>
    public void Post(WorkItem item)
    {
        _workItems.Enqueue(item);
        Schedule();
    }

    public void DeactivateOnIdle() => RequestDeactivation(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "The grain called DeactivateOnIdle."));

    public IGrainTimer RegisterTimer(Func<CancellationToken, Task> callback, GrainTimerOptions options)
    {
        if (_state is ActivationState.Deactivating or ActivationState.Invalid)
        {
            throw new InvalidOperationException($"Grain {GrainId} is deactivating; it cannot create timers.");
        }

        var timer = new GrainTimer(this, callback, options, _services.Clock);
        _timers.Add(timer);
        timer.Start();
        return timer;
    }

    public IPersistentState<TState> GetPersistentState<TState>(string stateName, string? storageName)
        where TState : new()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stateName);
        if (_state != ActivationState.Activating)
        {
            throw new InvalidOperationException("Persistent states are bound while the grain is being constructed (take them as constructor parameters).");
        }

        var state = new PersistentState<TState>(stateName, GrainId, _services.Storage.Resolve(storageName));
        _states.Add(state);
        return state;
    }

    internal void RemoveTimer(GrainTimer timer) => _timers.Remove(timer);

    private void Schedule()
    {
        if (Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    /// <summary>
    /// The clock as of this worker slice, read at most once per slice: a slice is short (bounded, and turns do
    /// not block), so call deadlines and idle time need no finer reading, and the clock is read per call otherwise.
    /// </summary>
    private long SliceTimestamp => _sliceTimestamp ??= _services.Clock.GetTimestamp();

    /// <summary>The worker: runs queued turns one after another, then yields the thread.</summary>
    void IThreadPoolWorkItem.Execute()
    {
        _sliceTimestamp = null;
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_synchronizationContext);
        try
        {
            for (var budget = MaxItemsPerSlice; budget > 0; budget--)
            {
                if (_workItems.TryDequeue(out var item))
                {
                    RunWorkItem(item);
                }
                else if (!TryStartNextRequest())
                {
                    break;
                }
            }
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
            Volatile.Write(ref _scheduled, 0);
        }

        // Something may have arrived between the last check and clearing the flag.
        if (!_workItems.IsEmpty || !_inbox.IsEmpty)
        {
            Schedule();
        }
    }

    private void RunWorkItem(WorkItem item)
    {
        try
        {
            item.Callback(item.State);
        }
        catch (Exception exception)
        {
            ActivationLog.WorkItemFailed(_services.Logger, exception, GrainId);
        }
    }

    public override string ToString() => $"activation of {GrainId} ({_state})";
}
