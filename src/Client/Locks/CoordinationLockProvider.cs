using Coordination.Locks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Coordination.Client;

/// <summary>
/// Distributed locks over any <see cref="IGrainFactory"/> (a silo's, a cluster client's, a test cluster's):
/// <code>
/// await using var handle = await locks.TryAcquireAsync("orders/42", TimeSpan.FromSeconds(5), cancellationToken);
/// if (handle is not null) { /* use handle.FencingToken with the protected resource */ }
/// </code>
/// </summary>
public sealed class CoordinationLockProvider
{
    private readonly IGrainFactory _grainFactory;
    private readonly LockClientOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly GatewayConnectionLoss? _gatewayLoss;

    /// <param name="grainFactory">Any Orleans grain factory: a silo's, a cluster client's, a test cluster's.</param>
    /// <param name="options">How handles acquire, renew and give up; defaults when null.</param>
    /// <param name="clock">Measures leases, renew intervals and retry pauses; the system clock when null.</param>
    /// <param name="logger">Where handles report renewal failures and lost locks; nowhere when null.</param>
    /// <remarks>
    /// Through a cluster client whose services include <c>AddCoordinationLockProvider</c>, a wait whose gateway
    /// connection closes is sent again at once; otherwise it waits out <see cref="LockClientOptions.CallTimeout"/>.
    /// </remarks>
    public CoordinationLockProvider(IGrainFactory grainFactory, LockClientOptions? options = null, TimeProvider? clock = null, ILogger<CoordinationLockProvider>? logger = null)
        : this(grainFactory, options, clock, logger, (grainFactory as IClusterClient)?.ServiceProvider.GetService<GatewayConnectionLoss>())
    {
    }

    internal CoordinationLockProvider(IGrainFactory grainFactory, LockClientOptions? options, TimeProvider? clock, ILogger<CoordinationLockProvider>? logger, GatewayConnectionLoss? gatewayLoss)
    {
        _grainFactory = grainFactory ?? throw new ArgumentNullException(nameof(grainFactory));
        _options = options ?? new LockClientOptions();
        _options.Validate();
        _clock = clock ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _gatewayLoss = gatewayLoss;
    }

    /// <summary>A lock on <paramref name="key"/>; a null owner means a fresh owner id per handle.</summary>
    public CoordinationLock CreateLock(string key, string? owner = null) => new(_grainFactory, key, owner, _options, _clock, _logger, _gatewayLoss);

    /// <summary>Acquires <paramref name="key"/>, waiting up to <paramref name="timeout"/>; null if not acquired.</summary>
    public ValueTask<LockHandle?> TryAcquireAsync(string key, TimeSpan timeout = default, CancellationToken cancellationToken = default) =>
        CreateLock(key).TryAcquireAsync(timeout, cancellationToken);

    /// <summary>Acquires <paramref name="key"/>, waiting up to <paramref name="timeout"/> (null: no limit).</summary>
    /// <exception cref="TimeoutException">The wait ran out.</exception>
    public ValueTask<LockHandle> AcquireAsync(string key, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        CreateLock(key).AcquireAsync(timeout, cancellationToken);

    /// <summary>
    /// Acquires every key or none, within one timeout. Keys are taken in ordinal order, so two callers
    /// asking for the same keys in any order cannot deadlock. Returns null if not all could be taken in time.
    /// </summary>
    public async ValueTask<MultiLockHandle?> TryAcquireAllAsync(IEnumerable<string> keys, TimeSpan timeout = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var ordered = keys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (ordered.Count == 0)
        {
            throw new ArgumentException("At least one key is needed.", nameof(keys));
        }

        foreach (var key in ordered)
        {
            LockArguments.ValidateKey(key);
        }

        var started = _clock.GetTimestamp();
        var held = new List<LockHandle>(ordered.Count);
        try
        {
            foreach (var key in ordered)
            {
                var remaining = timeout - _clock.GetElapsedTime(started);
                var handle = await CreateLock(key).TryAcquireAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
                if (handle is null)
                {
                    await ReleaseAllAsync(held).ConfigureAwait(false);
                    return null;
                }

                held.Add(handle);
            }
        }
        catch
        {
            await ReleaseAllAsync(held).ConfigureAwait(false);
            throw;
        }

        return new MultiLockHandle(held);
    }

    /// <summary>As <see cref="TryAcquireAllAsync"/>, but throws when the keys could not all be taken in time.</summary>
    /// <exception cref="TimeoutException">Not every key could be acquired within <paramref name="timeout"/>.</exception>
    public async ValueTask<MultiLockHandle> AcquireAllAsync(IEnumerable<string> keys, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var materialized = keys.ToList();
        return await TryAcquireAllAsync(materialized, timeout, cancellationToken).ConfigureAwait(false)
            ?? throw new TimeoutException($"The locks {string.Join(", ", materialized)} could not all be acquired within {timeout}.");
    }

    private static async Task ReleaseAllAsync(List<LockHandle> held)
    {
        for (var i = held.Count - 1; i >= 0; i--)
        {
            await held[i].DisposeAsync().ConfigureAwait(false);
        }
    }
}
