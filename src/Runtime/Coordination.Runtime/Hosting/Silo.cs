using Coordination.Runtime.Activation;
using Coordination.Runtime.Invocation;
using Coordination.Runtime.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Coordination.Runtime.Hosting;

/// <summary>
/// The silo's lifetime in its host: starts idle collection when the host starts, and on shutdown stops
/// accepting calls and deactivates every activation.
/// </summary>
public sealed class Silo : IHostedService, IDisposable
{
    private readonly Catalog _catalog;
    private readonly ActivationCollector _collector;
    private readonly ActivationServices _activationServices;
    private readonly PendingCallTable _pendingCalls;
    private readonly ILogger<Silo> _logger;
    private readonly CancellationTokenSource _stopping = new();

    internal Silo(
        LocalSiloDetails details,
        IGrainFactory grainFactory,
        GrainStorageResolver storage,
        Catalog catalog,
        ActivationCollector collector,
        ActivationServices activationServices,
        PendingCallTable pendingCalls,
        ILogger<Silo> logger)
    {
        Details = details;
        GrainFactory = grainFactory;
        Storage = storage;
        _catalog = catalog;
        _collector = collector;
        _activationServices = activationServices;
        _pendingCalls = pendingCalls;
        _logger = logger;
    }

    public LocalSiloDetails Details { get; }

    /// <summary>A grain factory whose calls originate in this silo.</summary>
    public IGrainFactory GrainFactory { get; }

    /// <summary>The silo's storage providers, with their operation counts.</summary>
    public GrainStorageResolver Storage { get; }

    /// <summary>Number of activations on this silo.</summary>
    public int ActivationCount => _catalog.Count;

    /// <summary>Whether this silo holds an activation of <paramref name="grainId"/>.</summary>
    public bool HasActivation(GrainId grainId) => _catalog.TryGet(grainId, out _);

    internal Catalog Catalog => _catalog;

    /// <summary>
    /// Runs the idle-collection check on every activation now, instead of at the next collection quantum,
    /// and completes once each has checked itself (deactivations it starts may still be finishing).
    /// </summary>
    public Task CollectIdleActivationsAsync() => _collector.CheckAllAsync();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _activationServices.Stopping = _stopping.Token;
        _collector.Start();
        SiloLog.Started(_logger, Details.Name, Details.ClusterId, Details.Address.ToString());
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        SiloLog.Stopping(_logger, Details.Name, _catalog.Count);
        await _stopping.CancelAsync();
        _collector.Dispose();
        try
        {
            await _catalog.DeactivateAllAsync(new DeactivationReason(DeactivationReasonCode.ShuttingDown, "The silo is shutting down."), cancellationToken);
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
        {
            SiloLog.DeactivationIncomplete(_logger, Details.Name, _catalog.Count);
        }

        _pendingCalls.Dispose();
        SiloLog.Stopped(_logger, Details.Name);
    }

    public void Dispose()
    {
        _collector.Dispose();
        _pendingCalls.Dispose();
        _stopping.Dispose();
    }
}
