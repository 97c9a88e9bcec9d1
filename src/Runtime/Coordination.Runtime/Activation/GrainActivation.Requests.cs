using Coordination.Invocation;
using Coordination.Runtime.Timers;
using Coordination.Storage;

namespace Coordination.Runtime.Activation;

/// <summary>
/// The interleaving rules. A call that is not marked <see cref="AlwaysInterleaveAttribute"/> (on a grain
/// that is not <see cref="ReentrantAttribute"/>) "blocks" from its start until its task completes: no
/// other blocking call starts meanwhile, though interleaving calls may, at its awaits. Waiting calls start
/// in arrival order, except that an interleaving call may pass a blocked one.
/// </summary>
internal sealed partial class GrainActivation
{
    // Worker-only state: touched only while this activation's worker runs.
    private readonly List<GrainRequest> _waiting = [];
    private GrainRequest? _blockingRequest;
    private int _running;
    private long _lastActivityTimestamp;
    private DeactivationReason? _pendingDeactivation;
    private readonly CancellationTokenSource _deactivationRequested = new();

    public CancellationToken DeactivationRequested => _deactivationRequested.Token;

    /// <summary>Records the first reason to deactivate and tells the grain, from within a turn.</summary>
    private void MarkForDeactivation(DeactivationReason reason)
    {
        if (_pendingDeactivation is not null)
        {
            return;
        }

        _pendingDeactivation = reason;
        // Registrations run inline, inside this turn, so the grain sees consistent state.
        _deactivationRequested.Cancel();
    }

    /// <summary>Calls started and not yet finished (including interleaved ones); for tests.</summary>
    internal int RunningCount => _running;

    private bool TryStartNextRequest()
    {
        switch (_state)
        {
            case ActivationState.Creating:
                BeginActivation();
                return true;
            case ActivationState.Activating or ActivationState.Deactivating:
                MoveInboxToWaiting();
                return false;
            case ActivationState.Invalid:
                RerouteQueuedRequests();
                return false;
        }

        if (_pendingDeactivation is { } reason)
        {
            MoveInboxToWaiting();
            if (_running > 0)
            {
                return false;
            }

            BeginDeactivation(reason);
            return true;
        }

        // Fast path: with nothing waiting, the next arrival may start at once.
        if (_waiting.Count == 0 && _inbox.TryDequeue(out var next))
        {
            if (TryDropDead(next))
            {
                return true;
            }

            if (CanStart(next))
            {
                Start(next);
                return true;
            }

            _waiting.Add(next);
        }

        MoveInboxToWaiting();
        for (var i = 0; i < _waiting.Count; i++)
        {
            var candidate = _waiting[i];
            if (TryDropDead(candidate))
            {
                _waiting.RemoveAt(i);
                return true;
            }

            if (CanStart(candidate))
            {
                _waiting.RemoveAt(i);
                Start(candidate);
                return true;
            }
        }

        return false;
    }

    private bool CanStart(GrainRequest request) =>
        _blockingRequest is null || _grainClass.IsReentrant || request.IsAlwaysInterleave;

    /// <summary>A call whose caller has given up is refused instead of run: running it could only surprise them.</summary>
    private bool TryDropDead(GrainRequest request)
    {
        if (request.DeadlineTimestamp != 0 && SliceTimestamp >= request.DeadlineTimestamp)
        {
            ActivationLog.ExpiredCallDropped(_services.Logger, request.InterfaceName, request.MethodName, GrainId);
            request.Reject(GrainCallTimeoutException.For(request.Target, request.InterfaceName, request.MethodName, request.Timeout));
            return true;
        }

        if (request.CallCancellationToken.IsCancellationRequested)
        {
            request.Reject(new OperationCanceledException($"The call {request.InterfaceName}.{request.MethodName} to grain {GrainId} was cancelled before it started.", request.CallCancellationToken));
            return true;
        }

        return false;
    }

    private void Start(GrainRequest request)
    {
        _running++;
        if (!_grainClass.IsReentrant && !request.IsAlwaysInterleave)
        {
            _blockingRequest = request;
        }

        if (request is TimerTickRequest tick)
        {
            tick.Timer.OnTickStarting();
        }

        var pending = request.InvokeAsync(GrainInstance!);
        if (pending.IsCompleted)
        {
            Finish(request, pending.Result);
        }
        else
        {
            _ = FinishWhenCompletedAsync(request, pending);
        }
    }

    // The await captures this activation's synchronization context, so Finish runs as a turn here.
    private async Task FinishWhenCompletedAsync(GrainRequest request, ValueTask<Exception?> pending) =>
        Finish(request, await pending);

    private void Finish(GrainRequest request, Exception? failure)
    {
        _running--;
        if (ReferenceEquals(_blockingRequest, request))
        {
            _blockingRequest = null;
        }

        if (request is TimerTickRequest tick)
        {
            tick.Timer.OnTickCompleted(failure);
            if (tick.Timer.KeepsAlive)
            {
                _lastActivityTimestamp = SliceTimestamp;
            }
        }
        else
        {
            _lastActivityTimestamp = SliceTimestamp;
        }

        if (failure is InconsistentStateException inconsistent)
        {
            ActivationLog.InconsistentState(_services.Logger, GrainId, inconsistent.StoredEtag, inconsistent.CurrentEtag);
            MarkForDeactivation(new DeactivationReason(
                DeactivationReasonCode.InconsistentState,
                $"A write found stored etag {inconsistent.StoredEtag ?? "(none)"} where {inconsistent.CurrentEtag ?? "(none)"} was expected."));
        }
    }

    private void MoveInboxToWaiting()
    {
        while (_inbox.TryDequeue(out var request))
        {
            _waiting.Add(request);
        }
    }

    /// <summary>Sends every queued call on again: to this grain's new activation, here or on the silo that now owns it.</summary>
    private void RerouteQueuedRequests()
    {
        MoveInboxToWaiting();
        if (_waiting.Count == 0)
        {
            return;
        }

        var requests = _waiting.ToArray();
        _waiting.Clear();
        foreach (var request in requests)
        {
            _services.Reroute(request);
        }
    }
}
