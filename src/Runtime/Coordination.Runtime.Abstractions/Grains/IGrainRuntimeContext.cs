using System.ComponentModel;
using Coordination.Storage;

namespace Coordination;

/// <summary>
/// What the runtime gives one activation. Implemented by the runtime; grains reach it through <see cref="Grain"/>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Advanced)]
public interface IGrainRuntimeContext
{
    GrainId GrainId { get; }

    IGrainFactory GrainFactory { get; }

    IServiceProvider Services { get; }

    TimeProvider TimeProvider { get; }

    /// <summary>While true, idle collection leaves the activation alone.</summary>
    bool KeepAlive { get; set; }

    /// <summary>Deactivates the activation once no call is running.</summary>
    void DeactivateOnIdle();

    /// <summary>
    /// Cancelled as soon as deactivation is requested (by the grain, idle collection, an inconsistent state
    /// or shutdown). Deactivation waits for running calls, so calls that wait for long should end when it fires.
    /// </summary>
    CancellationToken DeactivationRequested { get; }

    /// <summary>Creates a timer whose callbacks run as turns of this activation.</summary>
    IGrainTimer RegisterTimer(Func<CancellationToken, Task> callback, GrainTimerOptions options);

    /// <summary>Binds a named persistent state to this activation; it is read before <c>OnActivateAsync</c>.</summary>
    IPersistentState<TState> GetPersistentState<TState>(string stateName, string? storageName)
        where TState : new();
}
