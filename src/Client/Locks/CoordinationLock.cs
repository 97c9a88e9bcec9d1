using Coordination.Locks;
using Microsoft.Extensions.Logging;

namespace Coordination.Client;

/// <summary>
/// A lock on one key, from which handles are acquired. Unless an owner was given, every acquisition uses a
/// new owner id, so two handles never share ownership by accident.
/// </summary>
public sealed class CoordinationLock
{
    private readonly IGrainFactory _grainFactory;
    private readonly LockClientOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly string? _owner;
    private readonly GatewayConnectionLoss? _gatewayLoss;

    internal CoordinationLock(IGrainFactory grainFactory, string key, string? owner, LockClientOptions options, TimeProvider clock, ILogger logger, GatewayConnectionLoss? gatewayLoss)
    {
        LockArguments.ValidateKey(key);
        if (owner is not null)
        {
            LockArguments.ValidateOwner(owner);
        }

        _grainFactory = grainFactory;
        _options = options;
        _clock = clock;
        _logger = logger;
        _owner = owner;
        _gatewayLoss = gatewayLoss;
        Key = key;
    }

    public string Key { get; }

    /// <summary>
    /// Acquires the lock, waiting up to <paramref name="timeout"/> (zero: try once). Returns null if it
    /// could not be acquired in time.
    /// </summary>
    public ValueTask<LockHandle?> TryAcquireAsync(TimeSpan timeout = default, CancellationToken cancellationToken = default) =>
        AcquireCoreAsync(timeout, cancellationToken);

    /// <summary>Acquires the lock, waiting up to <paramref name="timeout"/>, or without limit when null.</summary>
    /// <exception cref="TimeoutException">The lock could not be acquired in time.</exception>
    public async ValueTask<LockHandle> AcquireAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        await AcquireCoreAsync(timeout, cancellationToken).ConfigureAwait(false)
        ?? throw new TimeoutException($"Lock {Key} could not be acquired within {timeout}.");

    private async ValueTask<LockHandle?> AcquireCoreAsync(TimeSpan? timeout, CancellationToken cancellationToken)
    {
        if (timeout is { } limit && limit < TimeSpan.Zero && limit != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), limit, "timeout must not be negative (use null to wait without limit).");
        }

        var owner = _owner ?? LockOwnerIds.New();
        var grain = _grainFactory.GetGrain<ILockGrain>(Key);
        var started = _clock.GetTimestamp();
        var budget = timeout is { } t && t != Timeout.InfiniteTimeSpan ? t : (TimeSpan?)null;
        var retryDelay = _options.RetryDelay;
        var outcomeUnknown = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var remaining = budget is { } b ? b - _clock.GetElapsedTime(started) : _options.MaxWaitPerCall;
            var sentAt = _clock.GetTimestamp();
            try
            {
                var result = remaining > TimeSpan.Zero
                    ? await WaitInQueueAsync(grain, owner, remaining < _options.MaxWaitPerCall ? remaining : _options.MaxWaitPerCall, cancellationToken).ConfigureAwait(false)
                    : await grain.TryAcquire(owner, _options.Lease).ConfigureAwait(false);
                if (result.Acquired)
                {
                    var handle = new LockHandle(grain, Key, owner, result, sentAt, _options, _clock, _logger);
                    if (cancellationToken.IsCancellationRequested)
                    {
                        await handle.DisposeAsync().ConfigureAwait(false);
                        cancellationToken.ThrowIfCancellationRequested();
                    }

                    return handle;
                }

                outcomeUnknown = false;
                if (result.Outcome == LockOutcome.QueueFull)
                {
                    retryDelay = await BackOffAsync(retryDelay, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception exception) when (TransientErrors.IsTransient(exception) && !cancellationToken.IsCancellationRequested)
            {
                // The grant may have committed; asking again with the same owner would return it.
                outcomeUnknown = true;
                if (budget is not { } remainingBudget || _clock.GetElapsedTime(started) < remainingBudget)
                {
                    LockClientLog.AcquireRetrying(_logger, Key, owner, exception.GetType().Name, retryDelay);
                    retryDelay = await BackOffAsync(retryDelay, cancellationToken).ConfigureAwait(false);
                    continue;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await ReleaseIfHeldAsync(grain, owner).ConfigureAwait(false);
                throw;
            }

            if (budget is { } total && _clock.GetElapsedTime(started) >= total)
            {
                if (outcomeUnknown)
                {
                    LockClientLog.AcquireAbandoned(_logger, Key, owner);
                    await ReleaseIfHeldAsync(grain, owner).ConfigureAwait(false);
                }

                return null;
            }
        }
    }

    /// <summary>
    /// One wait in the lock's queue, bounded by the wait plus <see cref="LockClientOptions.CallTimeout"/>: the
    /// grain's one-day response timeout would otherwise keep a wait whose answer was lost waiting that long. The
    /// token goes to the silo, so cancelling takes this caller out of the queue at once. A wait is also cancelled
    /// when a gateway connection closes, as its answer may have been lost with it (see <see cref="GatewayConnectionLoss"/>).
    /// </summary>
    /// <exception cref="TimeoutException">No answer within the bound; the grant may or may not have committed.</exception>
    /// <exception cref="LockUnavailableException">A gateway connection closed during the wait; the grant may or may not have committed.</exception>
    private async Task<LockResult> WaitInQueueAsync(ILockGrain grain, string owner, TimeSpan wait, CancellationToken cancellationToken)
    {
        var gatewayLost = _gatewayLoss?.NextLoss ?? CancellationToken.None;
        using var unanswered = new CancellationTokenSource(wait + _options.CallTimeout, _clock);
        using var any = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, unanswered.Token, gatewayLost);
        try
        {
            return await grain.Acquire(owner, wait, _options.Lease, any.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException cancelled) when (!cancellationToken.IsCancellationRequested && gatewayLost.IsCancellationRequested)
        {
            throw new LockUnavailableException($"A gateway connection closed while waiting for lock {Key}, and the answer may have been lost with it; the wait is sent again.", cancelled);
        }
        catch (OperationCanceledException cancelled) when (!cancellationToken.IsCancellationRequested && unanswered.IsCancellationRequested)
        {
            throw new TimeoutException($"Lock {Key} did not answer a wait of {wait} within {_options.CallTimeout} after it.", cancelled);
        }
    }

    private ValueTask<TimeSpan> BackOffAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        RetryPause.WaitAsync(delay, _clock, cancellationToken);

    /// <summary>
    /// After giving up with an unknown outcome, the lock may be ours without our knowing the token; if so,
    /// release it rather than leave others waiting for the lease to run out. Best effort.
    /// </summary>
    private static async Task ReleaseIfHeldAsync(ILockGrain grain, string owner)
    {
        try
        {
            var status = await grain.GetStatus().ConfigureAwait(false);
            if (status.Holder == owner)
            {
                await grain.Release(owner, status.FencingToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (TransientErrors.IsTransient(exception))
        {
            // The lease will end on its own.
        }
    }
}
