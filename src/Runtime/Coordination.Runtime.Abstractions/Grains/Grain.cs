using Coordination.Storage;

namespace Coordination;

/// <summary>
/// Base class of grain implementations. An activation runs one turn at a time; see
/// <see cref="AlwaysInterleaveAttribute"/> and <see cref="ReentrantAttribute"/> for the exceptions.
/// </summary>
public abstract class Grain
{
    private readonly IGrainRuntimeContext _context;

    protected Grain()
    {
        _context = GrainConstruction.Current;
    }

    /// <summary>The identity of this grain.</summary>
    public GrainId GrainId => _context.GrainId;

    /// <summary>The runtime services of this activation.</summary>
    protected IGrainRuntimeContext RuntimeContext => _context;

    /// <summary>A factory for references to other grains (or to this one).</summary>
    protected IGrainFactory GrainFactory => _context.GrainFactory;

    /// <summary>The silo's service provider.</summary>
    protected IServiceProvider ServiceProvider => _context.Services;

    /// <summary>The silo's clock; inject a manual one in tests.</summary>
    protected TimeProvider TimeProvider => _context.TimeProvider;

    /// <summary>The key of this grain.</summary>
    public string GetPrimaryKeyString() => _context.GrainId.Key;

    /// <summary>
    /// While true, idle collection leaves this activation alone, for example while a lock it serves is held.
    /// </summary>
    protected bool KeepAlive
    {
        get => _context.KeepAlive;
        set => _context.KeepAlive = value;
    }

    /// <summary>
    /// Cancelled as soon as this activation is asked to deactivate. Deactivation waits for running calls,
    /// so a call that waits for long (a queued lock acquisition, say) should stop waiting when it fires.
    /// </summary>
    protected CancellationToken DeactivationRequested => _context.DeactivationRequested;

    /// <summary>Runs before the first call is served. Persistent states have been read by then.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs when the activation is deactivated, after the last call it served has finished.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Deactivates this activation as soon as no call is running. The next call creates a new one.</summary>
    protected void DeactivateOnIdle() => _context.DeactivateOnIdle();

    /// <summary>
    /// Creates a timer. Each tick runs as a turn of this activation and, unless
    /// <see cref="GrainTimerOptions.Interleave"/> is set, waits for running calls like a normal call does.
    /// The next tick is scheduled after the callback's task completes, so ticks never overlap.
    /// </summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, GrainTimerOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        ArgumentNullException.ThrowIfNull(options);
        return _context.RegisterTimer(callback, options);
    }

    /// <summary>Binds a persistent state outside the constructor (the constructor attribute is the usual way).</summary>
    protected IPersistentState<TState> GetPersistentState<TState>(string stateName, string? storageName = null)
        where TState : new() =>
        _context.GetPersistentState<TState>(stateName, storageName);
}
