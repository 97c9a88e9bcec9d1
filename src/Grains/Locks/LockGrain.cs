using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Storage;

namespace Coordination.Locks;

/// <summary>
/// Serves one lock key. The rules live in <see cref="LockStateMachine"/>; this class drives them: it
/// validates input, serializes "decide, then write" through a gate, commits each ownership change with
/// compare-and-set and a fresh nonce, and tells a caller "acquired" only after the write committed.
/// </summary>
/// <remarks>
/// When a write loses a race, the state is re-read and the operation decided again. When the store does
/// not confirm a write, the state is re-read and the nonce shows whether it landed. When even that read
/// fails, the activation stops trusting its state, answers with <see cref="LockUnavailableException"/>
/// and deactivates, so the next call starts from the store.
/// </remarks>
[GrainType(GrainTypeName)]
public sealed class LockGrain : Grain, ILockGrain
{
    /// <summary>The grain type of every lock: grain ids are <c>lock/&lt;key&gt;</c>.</summary>
    public const string GrainTypeName = "lock";

    /// <summary>The state name of a lock in its storage provider.</summary>
    public const string StateName = "lock";

    private const int MaxDecisionAttempts = 4;

    private readonly IPersistentState<LockState> _store;
    private readonly ArgumentException? _invalidKey;
    private readonly TimeProvider _clock;
    private readonly CancellationToken _siloStopping;
    private readonly LockOptions _options;
    private readonly ILogger<LockGrain> _logger;
    private readonly string _silo;
    private readonly LockStateMachine _rules;
    private readonly TurnGate _gate = new();
    private readonly List<PendingWrite> _pendingWrites = [];
    private IGrainTimer? _leaseTimer;
    // When the lease timer is armed to fire; null when it is not armed (or has fired). Refused calls change
    // nothing, and re-arming the timer for the same instant on each of them would be wasted work on the hot path.
    private DateTimeOffset? _leaseTimerDueAt;
    private bool _stateLost;
    private bool _keptAlive;

    public LockGrain(
        IGrainContext context,
        IPersistentStateFactory stateFactory,
        IOptions<LockOptions> options,
        ILogger<LockGrain> logger,
        ILocalSiloDetails silo,
        [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider clock,
        LockSiloLifecycle siloLifecycle)
    {
        _options = options.Value;
        _logger = logger;
        _silo = silo.Name;
        _clock = clock;
        _siloStopping = siloLifecycle.Stopping;
        _rules = new LockStateMachine(_options.MaxQueueLength);
        _invalidKey = InvalidKey(context.GrainId.Key.ToString());

        // The storage is named in options, so the state is made here rather than by attribute. A key that could never
        // be stored is not read either: every call is refused with the reason instead (see ThrowIfInvalidKey).
        _store = _invalidKey is null
            ? stateFactory.Create<LockState>(context, new PersistentStateAttribute(StateName, _options.StorageName))
            : null!;
    }

    private string Key => this.GetPrimaryKeyString();

    private DateTimeOffset Now => _clock.GetUtcNow();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (_invalidKey is null && _store.RecordExists)
        {
            _rules.Load(_store.State, _options.DefaultLease, Now);
        }

        AfterStateChange();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        FailWaiters(new LockUnavailableException($"Lock {Key} is moving to a new activation ({reason.ReasonCode}); retry."));
        return Task.CompletedTask;
    }

    public ValueTask<LockResult> TryAcquire(string owner, TimeSpan? lease)
    {
        ThrowIfInvalidKey();
        LockArguments.ValidateOwner(owner);
        var leaseDuration = ResolveLease(lease);
        // The common case, a refusal while another owner holds the lock, changes nothing: with no decision or
        // write in progress it is answered at once, without entering the gate.
        if (_gate.IsFree && !_stateLost && _rules.RefusalWhileHeldByOther(owner, Now) is { } refusal)
        {
            return new ValueTask<LockResult>(Count(refusal));
        }

        return new ValueTask<LockResult>(TryAcquireAsync(owner, leaseDuration));
    }

    private async Task<LockResult> TryAcquireAsync(string owner, TimeSpan lease)
    {
        using (await _gate.EnterAsync())
        {
            return Count(await AcquireOrRefuseAsync(owner, lease));
        }
    }

    public Task<LockResult> Acquire(string owner, TimeSpan waitTimeout, TimeSpan? lease) =>
        Acquire(owner, waitTimeout, lease, CancellationToken.None);

    public async Task<LockResult> Acquire(string owner, TimeSpan waitTimeout, TimeSpan? lease, CancellationToken cancellationToken)
    {
        ThrowIfInvalidKey();
        LockArguments.ValidateOwner(owner);
        LockArguments.ValidateDuration(waitTimeout, nameof(waitTimeout), _options.MaxWait);
        var leaseDuration = ResolveLease(lease);
        cancellationToken.ThrowIfCancellationRequested();

        LockWaiter waiter;
        using (await _gate.EnterAsync())
        {
            var result = await AcquireOrRefuseAsync(owner, leaseDuration);
            if (result.Outcome != LockOutcome.HeldByOther)
            {
                return Count(result);
            }

            if (_rules.Enqueue(owner, leaseDuration, Now) is not { } queued)
            {
                return Count(result with { Outcome = LockOutcome.QueueFull });
            }

            waiter = queued;
            LockInstruments.Waiters.Add(1);
            AfterStateChange();
        }

        return Count(await WaitForHandoffAsync(waiter, waitTimeout, cancellationToken));
    }

    public async Task<bool> Release(string owner, long fencingToken)
    {
        ThrowIfInvalidKey();
        LockArguments.ValidateOwner(owner);
        LockArguments.ValidateFencingToken(fencingToken);
        using (await _gate.EnterAsync())
        {
            for (var attempt = 0; attempt < MaxDecisionAttempts; attempt++)
            {
                if (await SettleHandoffAsync())
                {
                    continue;
                }

                if (_rules.DecideRelease(owner, fencingToken, Now) is not { } change)
                {
                    if (IsAheadOfThisActivation(fencingToken) && !await ConfirmStateAsync())
                    {
                        continue;
                    }

                    return false;
                }

                if (await CommitAsync(change, reason: null) is not null)
                {
                    return true;
                }
            }

            throw Contended();
        }
    }

    public async Task<LockResult> Renew(string owner, long fencingToken, TimeSpan? lease)
    {
        ThrowIfInvalidKey();
        LockArguments.ValidateOwner(owner);
        LockArguments.ValidateFencingToken(fencingToken);
        var leaseDuration = ResolveLease(lease);
        using (await _gate.EnterAsync())
        {
            ThrowIfStateLost();
            var result = _rules.Renew(owner, fencingToken, leaseDuration, Now);
            if ((result.Acquired || IsAheadOfThisActivation(fencingToken)) && !await ConfirmStateAsync())
            {
                result = _rules.Renew(owner, fencingToken, leaseDuration, Now);
            }

            if (result.Acquired)
            {
                AfterStateChange();
            }

            return result;
        }
    }

    public ValueTask<LockStatus> GetStatus()
    {
        ThrowIfInvalidKey();
        ThrowIfStateLost();
        return new ValueTask<LockStatus>(_rules.Status(Now));
    }

    public async Task<bool> ForceRelease(string reason)
    {
        ThrowIfInvalidKey();
        LockArguments.ValidateReason(reason);
        using (await _gate.EnterAsync())
        {
            for (var attempt = 0; attempt < MaxDecisionAttempts; attempt++)
            {
                if (await SettleHandoffAsync())
                {
                    continue;
                }

                if (_rules.DecideForceRelease(Now) is not { } change)
                {
                    return false;
                }

                if (await CommitAsync(change, reason) is { } committed)
                {
                    LockGrainLog.ForceReleased(_logger, Key, committed.Previous?.Owner, committed.Previous?.FencingToken ?? 0, reason);
                    return true;
                }
            }

            throw Contended();
        }
    }

    /// <summary>Decides an acquisition inside the gate, committing it if it is a grant.</summary>
    private async Task<LockResult> AcquireOrRefuseAsync(string owner, TimeSpan lease)
    {
        for (var attempt = 0; attempt < MaxDecisionAttempts; attempt++)
        {
            if (await SettleHandoffAsync())
            {
                continue;
            }

            var decision = _rules.DecideAcquire(owner, lease, Now);
            if (decision.Answer is { } answer)
            {
                if (answer.Outcome == LockOutcome.AlreadyHeld && !await ConfirmStateAsync())
                {
                    continue;
                }

                AfterStateChange();
                return answer;
            }

            if (await CommitAsync(decision.Change!, reason: null) is { Next: { } holder })
            {
                return LockStateMachine.Result(holder, LockOutcome.Acquired);
            }
        }

        throw Contended();
    }

    /// <summary>Commits a handoff the queue is owed, if any; true when one was attempted.</summary>
    private async Task<bool> SettleHandoffAsync()
    {
        ThrowIfStateLost();
        if (_rules.DueHandoff(Now) is not { } handoff)
        {
            return false;
        }

        await CommitAsync(handoff, reason: null);
        return true;
    }

    private async Task<LockResult> WaitForHandoffAsync(LockWaiter waiter, TimeSpan waitTimeout, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _siloStopping);
        try
        {
            return await waiter.Completion.Task.WaitAsync(waitTimeout, _clock, stop.Token);
        }
        catch (Exception ended) when (ended is TimeoutException || (ended is OperationCanceledException && stop.IsCancellationRequested))
        {
            Exception? error = cancellationToken.IsCancellationRequested
                ? new OperationCanceledException($"The wait for lock {Key} was cancelled.", cancellationToken)
                : _siloStopping.IsCancellationRequested
                    ? new LockUnavailableException($"Lock {Key} is moving to a new activation: its silo is stopping; retry.")
                    : null;

            if (!waiter.Completion.Task.IsCompleted)
            {
                if (waiter.HandoffInFlight)
                {
                    // A handoff to this caller is being written: its outcome is the answer, not the clock.
                    waiter.Abandon(error);
                }
                else
                {
                    _rules.Remove(waiter);
                    LockInstruments.Waiters.Add(-1);
                    AfterStateChange();
                    waiter.Abandon(error);
                    waiter.CompleteAbandoned(_rules.LiveHolder(Now));
                    if (error is LockUnavailableException)
                    {
                        LockGrainLog.WaiterToldToRetry(_logger, Key, waiter.Owner);
                    }
                }
            }

            return await waiter.Completion.Task;
        }
    }

    /// <summary>
    /// Writes <paramref name="change"/> with compare-and-set. Returns the change now in effect: this one, or an
    /// earlier write of the same operation that turned out to have landed; null when another writer got there
    /// first (the state has been re-read, and the caller decides again).
    /// </summary>
    /// <exception cref="LockUnavailableException">The outcome could not be found out; this activation gives up its state.</exception>
    private async Task<OwnershipChange?> CommitAsync(OwnershipChange change, string? reason)
    {
        using var activity = LockInstruments.ActivitySource.StartActivity("lock.commit");
        activity?.SetTag("lock.key", Key);
        activity?.SetTag("lock.change", change.Kind.ToString());
        activity?.SetTag("lock.owner", change.Next?.Owner);
        var committed = await WriteChangeAsync(change, reason);
        activity?.SetTag("lock.outcome", committed is null ? "superseded" : "committed");
        return committed;
    }

    private async Task<OwnershipChange?> WriteChangeAsync(OwnershipChange change, string? reason)
    {
        var write = new PendingWrite(Guid.NewGuid().ToString("N"), _store.Etag, change);
        _pendingWrites.Add(write);
        if (change.Recipient is { } recipient)
        {
            recipient.HandoffInFlight = true;
        }

        _store.State = _rules.ToStoredState(change, Now, _silo, write.Nonce, reason);
        try
        {
            await _store.WriteStateAsync();
        }
        catch (InconsistentStateException conflict)
        {
            // Refused outright: this write can never land. Another one may have, so read and look.
            LockInstruments.WriteConflicts.Add(1);
            LockGrainLog.WriteConflict(_logger, Key, conflict.StoredEtag);
            _pendingWrites.Remove(write);
            ReleaseRecipient(write);
            await ReloadAsync();
            return AdoptLandedWrite();
        }
        catch (Exception unconfirmed)
        {
            LockInstruments.AmbiguousWrites.Add(1);
            LockGrainLog.WriteOutcomeUnknown(_logger, unconfirmed, Key);
            await ReloadAsync();
            var landed = AdoptLandedWrite();
            LockGrainLog.WriteOutcomeResolved(_logger, Key, landed is null ? "has not landed (yet)" : "landed");
            return landed;
        }

        _pendingWrites.Remove(write);
        Committed(change);
        return change;
    }

    /// <summary>
    /// After a re-read: if the stored nonce is one of our unconfirmed writes, that write landed and takes
    /// effect. Unconfirmed writes that expected another etag than the stored one can never land any more;
    /// the rest might still (a request delayed in the store), so their waiters stay held until they resolve.
    /// </summary>
    private OwnershipChange? AdoptLandedWrite()
    {
        var landed = _pendingWrites.Find(w => w.Nonce == _store.State.Nonce && _store.RecordExists);
        foreach (var dead in _pendingWrites.Where(w => w != landed && w.ExpectedEtag != _store.Etag).ToList())
        {
            _pendingWrites.Remove(dead);
            ReleaseRecipient(dead);
        }

        if (landed is null)
        {
            AfterStateChange();
            return null;
        }

        _pendingWrites.Remove(landed);
        Committed(landed.Change);
        return landed.Change;
    }

    private void Committed(OwnershipChange change)
    {
        // Every other unconfirmed write expected an etag that this one has just replaced. The waiter this
        // change hands the lock to is answered below, with the lock, never as having left.
        var dead = _pendingWrites.ToList();
        _pendingWrites.Clear();
        foreach (var write in dead.Where(w => w.Change.Recipient != change.Recipient))
        {
            ReleaseRecipient(write);
        }

        var sameOwner = _rules.Apply(change);
        if (LockInstruments.OwnershipChanges.Enabled)
        {
            LockInstruments.OwnershipChanges.Add(1, new KeyValuePair<string, object?>("kind", change.Kind.ToString()));
        }

        LockGrainLog.ChangeCommitted(_logger, Key, change.Kind, change.Next?.Owner, _rules.LastFencingToken);
        if (change.Recipient is { } recipient)
        {
            recipient.HandoffInFlight = false;
            LockInstruments.Waiters.Add(-1);
            LockInstruments.WaitDuration.Record((change.Next!.AcquiredAt - recipient.EnqueuedAt).TotalMilliseconds);
            recipient.Completion.TrySetResult(LockStateMachine.Result(change.Next, LockOutcome.Acquired));
        }

        foreach (var waiter in sameOwner)
        {
            LockInstruments.Waiters.Add(-1);
            waiter.Completion.TrySetResult(LockStateMachine.Result(change.Next!, LockOutcome.AlreadyHeld));
        }

        AfterStateChange();
    }

    /// <summary>A handoff write to this waiter can no longer land: it waits normally again, or gets its answer if it left.</summary>
    private void ReleaseRecipient(PendingWrite write)
    {
        if (write.Change.Recipient is not { } recipient || _pendingWrites.Any(w => w.Change.Recipient == recipient))
        {
            return;
        }

        recipient.HandoffInFlight = false;
        if (recipient.Abandoned && !recipient.Completion.Task.IsCompleted)
        {
            _rules.Remove(recipient);
            LockInstruments.Waiters.Add(-1);
            recipient.CompleteAbandoned(_rules.LiveHolder(Now));
        }
    }

    /// <summary>
    /// Confirms this activation's state with one read before it tells a holder that it still holds the lock
    /// (renew, re-acquire). Those answers write nothing, so without the read a duplicate activation (while
    /// silos disagree on placement) could confirm a holder whom the other activation has since released,
    /// expired or replaced. True when the state was current; false when the store had changed (the stored
    /// state has been adopted, and the caller decides again on it).
    /// </summary>
    /// <exception cref="LockUnavailableException">The store could not be read; nothing was confirmed.</exception>
    private async Task<bool> ConfirmStateAsync()
    {
        var known = _store.Etag;
        try
        {
            await _store.ReadStateAsync();
        }
        catch (Exception readFailure)
        {
            LockGrainLog.ConfirmFailed(_logger, readFailure, Key);
            throw StoreUnavailable("the store could not be read to confirm the holder", readFailure);
        }

        if (string.Equals(_store.Etag, known, StringComparison.Ordinal))
        {
            return true;
        }

        LockGrainLog.StaleStateReplaced(_logger, Key, known, _store.Etag);
        _rules.Load(_store.RecordExists ? _store.State : new LockState(), _options.DefaultLease, Now);
        AdoptLandedWrite();
        return false;
    }

    /// <summary>
    /// A token this activation never issued nor read: another activation of the key issued it, so this one is
    /// stale and must read before it answers "not yours".
    /// </summary>
    private bool IsAheadOfThisActivation(long fencingToken) => fencingToken > _rules.LastFencingToken;

    /// <summary>Adopts what the store holds; if it cannot be read, this activation stops serving.</summary>
    private async Task ReloadAsync()
    {
        try
        {
            await _store.ReadStateAsync();
        }
        catch (Exception readFailure)
        {
            var unavailable = StoreUnavailable("the store could not be read to confirm a write", readFailure);
            AbandonState(readFailure, unavailable);
            throw unavailable;
        }

        _rules.Load(_store.RecordExists ? _store.State : new LockState(), _options.DefaultLease, Now);
        AfterStateChange();
    }

    private async Task OnLeaseTimerAsync(CancellationToken cancellationToken)
    {
        _leaseTimerDueAt = null;
        using (await _gate.EnterAsync())
        {
            try
            {
                for (var attempt = 0; attempt < MaxDecisionAttempts && !_stateLost; attempt++)
                {
                    if (_rules.DueExpiry(Now) is not { } change || await CommitAsync(change, reason: null) is not null)
                    {
                        break;
                    }
                }
            }
            catch (LockUnavailableException unavailable)
            {
                LockGrainLog.ExpiryFailed(_logger, unavailable, Key);
            }

            if (!_stateLost)
            {
                AfterStateChange();
            }
        }
    }

    /// <summary>Keeps the activation alive while the lock is held or awaited, and the lease timer on time.</summary>
    private void AfterStateChange()
    {
        if (_rules.NeedsActivation != _keptAlive)
        {
            _keptAlive = _rules.NeedsActivation;
            DelayDeactivation(_keptAlive ? Timeout.InfiniteTimeSpan : TimeSpan.Zero);
        }

        var dueAt = _rules.Holder?.LeaseExpiresAt ?? (_rules.QueueLength > 0 ? Now : (DateTimeOffset?)null);
        if (dueAt == _leaseTimerDueAt)
        {
            return;
        }

        _leaseTimerDueAt = dueAt;
        if (dueAt is null)
        {
            _leaseTimer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        _leaseTimer ??= this.RegisterGrainTimer(OnLeaseTimerAsync, new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        var due = dueAt.Value - Now;
        _leaseTimer.Change(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private void FailWaiters(Exception error)
    {
        foreach (var waiter in _rules.RemoveAllWaiters())
        {
            LockInstruments.Waiters.Add(-1);
            waiter.Completion.TrySetException(error);
        }
    }

    private TimeSpan ResolveLease(TimeSpan? lease)
    {
        var value = lease ?? _options.DefaultLease;
        LockArguments.ValidateDuration(value, nameof(lease), _options.MaxLease);
        return value;
    }

    private void ThrowIfInvalidKey()
    {
        if (_invalidKey is not null)
        {
            throw _invalidKey;
        }
    }

    private static ArgumentException? InvalidKey(string key)
    {
        try
        {
            LockArguments.ValidateKey(key);
            return null;
        }
        catch (ArgumentException invalid)
        {
            return invalid;
        }
    }

    /// <summary>
    /// The answer to a caller when the store failed. The store's exception is logged here and described in the message,
    /// but not carried as the inner exception: the answer crosses the wire, and Orleans cannot serialize exception types
    /// it does not know (a store's own), so the caller would get a serialization error instead of "retry".
    /// </summary>
    private LockUnavailableException StoreUnavailable(string what, Exception cause) =>
        new($"Lock {Key}: {what} ({cause.GetType().Name}: {cause.Message}); retry.");

    private void ThrowIfStateLost()
    {
        if (_stateLost)
        {
            throw new LockUnavailableException($"Lock {Key} is restarting after a store failure; retry.");
        }
    }

    /// <summary>
    /// Gives up an operation after too many lost races. If one of its writes might still land, this activation
    /// can no longer know its own state, so it lets it go too.
    /// </summary>
    private LockUnavailableException Contended()
    {
        var error = new LockUnavailableException($"Lock {Key} kept changing under concurrent writers ({MaxDecisionAttempts} attempts); retry.");
        if (_pendingWrites.Count > 0)
        {
            AbandonState(error, error);
        }

        return error;
    }

    private void AbandonState(Exception cause, LockUnavailableException answer)
    {
        _stateLost = true;
        _pendingWrites.Clear();
        LockGrainLog.StateLost(_logger, cause, Key);
        FailWaiters(answer);
        DeactivateOnIdle();
    }

    /// <summary>A write whose outcome is not yet known to this activation.</summary>
    private sealed record PendingWrite(string Nonce, string? ExpectedEtag, OwnershipChange Change);

    private static LockResult Count(LockResult result)
    {
        if (LockInstruments.Acquisitions.Enabled)
        {
            LockInstruments.Acquisitions.Add(1, new KeyValuePair<string, object?>("outcome", result.Outcome.ToString()));
        }

        return result;
    }
}
