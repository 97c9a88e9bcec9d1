using Coordination.Locks;
using Microsoft.Extensions.Logging;

namespace Coordination.Client;

/// <summary>
/// A held lock. It renews its lease in the background at the renew interval; if a renewal is refused, or
/// renewals keep failing until the lease (measured locally from when each request was sent, minus a safety
/// margin) would have ended, <see cref="HandleLostToken"/> fires. Disposing releases the lock.
/// </summary>
public sealed class LockHandle : IAsyncDisposable
{
    private readonly ILockGrain _grain;
    private readonly LockClientOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _stopRenewing = new();
    private readonly Task _renewals;
    private long _validUntil;
    private int _released;
    private TaskCompletionSource _renewalSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal LockHandle(ILockGrain grain, string key, string owner, LockResult grant, long sentAt, LockClientOptions options, TimeProvider clock, ILogger logger)
    {
        _grain = grain;
        _options = options;
        _clock = clock;
        _logger = logger;
        Key = key;
        Owner = owner;
        FencingToken = grant.FencingToken;
        LeaseExpiresAt = grant.LeaseExpiresAt;
        _validUntil = ValidUntil(sentAt);
        // The first delay starts now, not whenever the renewal task gets scheduled.
        _renewals = RenewUntilStoppedAsync(NextDelay());
    }

    public string Key { get; }

    public string Owner { get; }

    /// <summary>Pass it to the resources the lock protects, so they can refuse a stale holder.</summary>
    public long FencingToken { get; }

    /// <summary>The lease end as the serving silo reckoned it at the last grant or renewal.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; private set; }

    /// <summary>Fires when the lock is known or presumed lost. Stop the protected work when it does.</summary>
    public CancellationToken HandleLostToken => _lost.Token;

    public bool IsLost => _lost.IsCancellationRequested;

    /// <summary>Releases the lock; true if it was still held. Later calls do nothing and return false.</summary>
    /// <param name="cancellationToken">
    /// Stops waiting for the answer (renewals have stopped by then): the release may or may not have happened, and
    /// if it has not, the lease ends on its own.
    /// </param>
    /// <exception cref="Exception">The release could not be delivered; the lease will end on its own.</exception>
    public async ValueTask<bool> ReleaseAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
        {
            return false;
        }

        await _stopRenewing.CancelAsync().ConfigureAwait(false);
        await _renewals.ConfigureAwait(false);
        return !IsLost && await _grain.Release(Owner, FencingToken).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Releases the lock. Never throws for an unreachable cluster: the lease then ends on its own.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await ReleaseAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (TransientErrors.IsTransient(exception))
        {
            // The lock stays held until its lease ends, which is what a crashed holder would cause too.
            LockClientLog.ReleaseFailed(_logger, exception, Key, Owner, FencingToken);
        }
    }

    /// <summary>Completes after the next renewal attempt; lets tests step a manual clock deterministically.</summary>
    internal Task NextRenewalAsync() => Volatile.Read(ref _renewalSignal).Task;

    private async Task RenewUntilStoppedAsync(Task delay)
    {
        while (true)
        {
            try
            {
                await delay.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await RenewOnceAsync().ConfigureAwait(false);
            if (IsLost || _stopRenewing.IsCancellationRequested)
            {
                SignalRenewal();
                return;
            }

            // The next delay is running before anyone hears of this renewal.
            delay = NextDelay();
            SignalRenewal();
        }
    }

    private Task NextDelay() => Task.Delay(_options.EffectiveRenewInterval, _clock, _stopRenewing.Token);

    private void SignalRenewal() =>
        Interlocked.Exchange(ref _renewalSignal, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    private async Task RenewOnceAsync()
    {
        var sentAt = _clock.GetTimestamp();
        var remaining = _clock.GetElapsedTime(sentAt, Volatile.Read(ref _validUntil));
        if (remaining <= TimeSpan.Zero)
        {
            MarkLost("renewals failed until the lease could no longer be trusted");
            return;
        }

        try
        {
            // Waiting longer than the lease can still be trusted would be pointless: by then it is lost.
            var result = await _grain.Renew(Owner, FencingToken, _options.Lease).WaitAsync(remaining, _clock).ConfigureAwait(false);
            if (!result.Acquired)
            {
                MarkLost($"the renewal was refused ({result.Outcome}; held by {result.Holder ?? "nobody"})");
                return;
            }

            LeaseExpiresAt = result.LeaseExpiresAt;
            Volatile.Write(ref _validUntil, ValidUntil(sentAt));
        }
        catch (TimeoutException) when (_clock.GetTimestamp() >= Volatile.Read(ref _validUntil))
        {
            MarkLost("no renewal was answered before the lease could no longer be trusted");
        }
        catch (Exception exception) when (TransientErrors.IsTransient(exception))
        {
            // Retried at the next interval, as long as the lease may still be running.
            LockClientLog.RenewalFailed(_logger, exception, Key, Owner, FencingToken);
        }
        catch (Exception exception)
        {
            // A failure that retrying cannot fix: the lease will not be extended, so the lock is as good as lost.
            MarkLost($"a renewal failed with {exception.GetType().Name}: {exception.Message}");
        }
    }

    private long ValidUntil(long sentAt) =>
        sentAt + (long)((_options.Lease - _options.EffectiveSafetyMargin).Ticks * ((double)_clock.TimestampFrequency / TimeSpan.TicksPerSecond));

    private void MarkLost(string reason)
    {
        if (!_lost.IsCancellationRequested)
        {
            LockClientLog.LockLost(_logger, Key, Owner, FencingToken, reason);
            _lost.Cancel();
        }
    }

    public override string ToString() => $"lock {Key} held by {Owner} (token {FencingToken}){(IsLost ? ", lost" : string.Empty)}";
}
