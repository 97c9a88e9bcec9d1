using Coordination.Runtime.Diagnostics;
using Coordination.Runtime.Invocation;

namespace Coordination.Runtime.Activation;

/// <summary>Activation (construct, read state, OnActivateAsync), idle collection and deactivation.</summary>
internal sealed partial class GrainActivation
{
    /// <summary>
    /// Asks the activation to deactivate once no call is running. Safe from any thread; calls that arrive
    /// meanwhile wait and then go to a new activation.
    /// </summary>
    public void RequestDeactivation(DeactivationReason reason)
    {
        if (SynchronizationContext.Current == _synchronizationContext)
        {
            MarkForDeactivation(reason);
            return;
        }

        Post(new WorkItem(
            static state =>
            {
                var (activation, reason) = ((GrainActivation, DeactivationReason))state!;
                if (activation._state is ActivationState.Creating or ActivationState.Activating or ActivationState.Valid)
                {
                    activation.MarkForDeactivation(reason);
                }
            },
            (this, reason)));
    }

    /// <summary>Queues a check that deactivates the activation if it has been idle for the collection age.</summary>
    public void PostIdleCheck() => Post(new WorkItem(static state => ((GrainActivation)state!).CollectIfIdle(), this));

    /// <summary>Like <see cref="PostIdleCheck"/>, and completes once the check has run.</summary>
    public Task CheckIdleAsync()
    {
        var checkedSignal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(new WorkItem(
            static state =>
            {
                var (activation, done) = ((GrainActivation, TaskCompletionSource))state!;
                activation.CollectIfIdle();
                done.TrySetResult();
            },
            (this, checkedSignal)));
        return checkedSignal.Task;
    }

    private void CollectIfIdle()
    {
        if (_state != ActivationState.Valid || _pendingDeactivation is not null || KeepAlive
            || _running > 0 || _waiting.Count > 0 || !_inbox.IsEmpty)
        {
            return;
        }

        var idleFor = Timestamps.ToDuration(_services.Clock, _services.Clock.GetTimestamp() - _lastActivityTimestamp);
        if (idleFor >= _services.Options.CollectionAge)
        {
            MarkForDeactivation(new DeactivationReason(
                DeactivationReasonCode.IdleCollection,
                $"Idle for {idleFor}, longer than the collection age {_services.Options.CollectionAge}."));
        }
    }

    private void BeginActivation()
    {
        _state = ActivationState.Activating;
        _ = ActivateAsync();
    }

    private async Task ActivateAsync()
    {
        using var activity = RuntimeInstruments.ActivitySource.StartActivity("grain.activate");
        activity?.SetTag("grain.id", GrainId.ToString());
        try
        {
            using (Coordination.GrainConstruction.Enter(this))
            {
                GrainInstance = _grainClass.Factory(_services.Services);
            }

            foreach (var state in _states)
            {
                await state.ReadAsync(_services.Stopping);
            }

            await GrainInstance.OnActivateAsync(_services.Stopping);
            _lastActivityTimestamp = _services.Clock.GetTimestamp();
            _state = ActivationState.Valid;
            RuntimeInstruments.Activations.Add(1);
            ActivationLog.Activated(_services.Logger, GrainId);
        }
        catch (Exception exception)
        {
            ActivationLog.ActivationFailed(_services.Logger, exception, GrainId);
            RuntimeInstruments.ActivationFailures.Add(1);
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, exception.Message);
            foreach (var timer in _timers.ToArray())
            {
                timer.Dispose();
            }

            _state = ActivationState.Invalid;
            _services.Catalog.Remove(this);
            var error = new GrainActivationException(
                $"Grain {GrainId} could not be activated: {exception.GetType().Name}: {exception.Message}", exception);
            MoveInboxToWaiting();
            foreach (var request in _waiting)
            {
                request.Reject(error);
            }

            _waiting.Clear();
            _gone.TrySetResult();
        }
    }

    private void BeginDeactivation(DeactivationReason reason)
    {
        _state = ActivationState.Deactivating;
        foreach (var timer in _timers.ToArray())
        {
            timer.Dispose();
        }

        _ = DeactivateAsync(reason);
    }

    private async Task DeactivateAsync(DeactivationReason reason)
    {
        try
        {
            var timeout = _services.Options.DeactivationTimeout;
            using var cancellation = new CancellationTokenSource(timeout, _services.Clock);
            await GrainInstance!.OnDeactivateAsync(reason, cancellation.Token).WaitAsync(timeout, _services.Clock);
        }
        catch (Exception exception)
        {
            ActivationLog.DeactivationFailed(_services.Logger, exception, GrainId);
        }
        finally
        {
            _state = ActivationState.Invalid;
            RuntimeInstruments.Activations.Add(-1);
            _services.Catalog.Remove(this);
            ActivationLog.Deactivated(_services.Logger, GrainId, reason.ToString());
            RerouteQueuedRequests();
            _gone.TrySetResult();
        }
    }
}
