using System.Net;
using Coordination.Runtime.Activation;
using Coordination.Runtime.Configuration;
using Coordination.Runtime.Invocation;
using Coordination.Runtime.Membership;
using Coordination.Runtime.Messaging;
using Coordination.Runtime.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coordination.Runtime.Hosting;

/// <summary>
/// The silo's lifetime in its host. Starting: listen on the silo port, join the membership table, serve.
/// Stopping gracefully: leave the placement ring (ShuttingDown) so other silos take over, deactivate every
/// activation, then record this silo as Dead at once. Killing (tests): drop everything without a word.
/// </summary>
public sealed class Silo : IHostedService, IDisposable
{
    private readonly Catalog _catalog;
    private readonly ActivationCollector _collector;
    private readonly ActivationServices _activationServices;
    private readonly PendingCallTable _pendingCalls;
    private readonly MembershipAgent _membershipAgent;
    private readonly SiloConnections _connections;
    private readonly ConnectionListener _siloListener;
    private readonly SiloOptions _options;
    private readonly IHostApplicationLifetime? _lifetime;
    private readonly ILogger<Silo> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _stoppedServing = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _serving;

    internal Silo(
        LocalSiloDetails details,
        IGrainFactory grainFactory,
        GrainStorageResolver storage,
        Catalog catalog,
        ActivationCollector collector,
        ActivationServices activationServices,
        PendingCallTable pendingCalls,
        ClusterMembership membership,
        MembershipAgent membershipAgent,
        SiloConnections connections,
        SiloRequestHandler requestHandler,
        IOptions<SiloOptions> options,
        IOptions<MessagingOptions> messagingOptions,
        IHostApplicationLifetime? lifetime,
        ILoggerFactory loggerFactory)
    {
        Details = details;
        GrainFactory = grainFactory;
        Storage = storage;
        Membership = membership;
        _catalog = catalog;
        _collector = collector;
        _activationServices = activationServices;
        _pendingCalls = pendingCalls;
        _membershipAgent = membershipAgent;
        _connections = connections;
        _options = options.Value;
        _lifetime = lifetime;
        _logger = loggerFactory.CreateLogger<Silo>();
        _siloListener = new ConnectionListener("silo", requestHandler, grainFactory, messagingOptions.Value, loggerFactory.CreateLogger("Coordination.Runtime.Messaging"));
        membership.Subscribe(OnViewChanged);
        membershipAgent.DeclaredDead += OnDeclaredDead;
    }

    public LocalSiloDetails Details { get; }

    /// <summary>A grain factory whose calls originate in this silo.</summary>
    public IGrainFactory GrainFactory { get; }

    /// <summary>The silo's storage providers, with their operation counts.</summary>
    public GrainStorageResolver Storage { get; }

    /// <summary>This silo's view of the cluster.</summary>
    public ClusterMembership Membership { get; }

    /// <summary>True from the end of start-up until it begins to stop or is killed.</summary>
    public bool IsServing => _serving;

    /// <summary>Completes when the silo stops serving: a graceful stop begins, or it is killed (or kills itself).</summary>
    public Task StoppedServing => _stoppedServing.Task;

    /// <summary>Number of activations on this silo.</summary>
    public int ActivationCount => _catalog.Count;

    /// <summary>Whether this silo holds an activation of <paramref name="grainId"/>.</summary>
    public bool HasActivation(GrainId grainId) => _catalog.TryGet(grainId, out _);

    /// <summary>Completes when this silo's activation of <paramref name="grainId"/> is gone (at once if there is none).</summary>
    public Task ActivationGone(GrainId grainId) => _catalog.TryGet(grainId, out var activation) ? activation.Gone : Task.CompletedTask;

    internal Catalog Catalog => _catalog;

    /// <summary>
    /// Runs the idle-collection check on every activation now, instead of at the next collection quantum,
    /// and completes once each has checked itself (deactivations it starts may still be finishing).
    /// </summary>
    public Task CollectIdleActivationsAsync() => _collector.CheckAllAsync();

    /// <summary>Re-reads the membership table now instead of at the next refresh.</summary>
    public Task RefreshMembershipAsync(CancellationToken cancellationToken = default) => _membershipAgent.RefreshAsync(cancellationToken);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _activationServices.Stopping = _stopping.Token;
        _siloListener.Start(new IPEndPoint(IPAddress.Parse(_options.ListenAddress), _options.SiloPort), () =>
            new AcceptPolicy(Details.ClusterId, Details.Address.ToString(), AcceptsSilos: true, AcceptsClients: false, AdmitPeer));
        Details.BoundTo(_siloListener.LocalEndPoint!.Port);
        await _membershipAgent.JoinAsync(cancellationToken);
        _collector.Start();
        _serving = true;
        SiloLog.Started(_logger, Details.Name, Details.ClusterId, Details.Address.ToString());
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        StopServing();
        SiloLog.Stopping(_logger, Details.Name, _catalog.Count);
        try
        {
            await _membershipAgent.BeginLeaveAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            SiloLog.LeaveFailed(_logger, Details.Name, exception.Message);
        }

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

        try
        {
            await _membershipAgent.CompleteLeaveAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            SiloLog.LeaveFailed(_logger, Details.Name, exception.Message);
        }

        await _siloListener.StopGracefullyAsync("the silo stopped");
        _connections.Dispose();
        _pendingCalls.Dispose();
        SiloLog.Stopped(_logger, Details.Name);
    }

    /// <summary>
    /// Stops this silo the way a crash would: no membership writes, connections reset, activations dropped
    /// without deactivating, local callers' calls failed. For tests of failure handling.
    /// </summary>
    public void Kill()
    {
        StopServing();
        _membershipAgent.Abandon();
        _stopping.Cancel();
        _collector.Dispose();
        _siloListener.Stop("the silo was killed", abort: true);
        _connections.Abort();
        _catalog.Abandon();
        _pendingCalls.FailWhere(_ => true, request => new SiloUnavailableException($"Silo {Details.Address} was killed; {request.InterfaceName}.{request.MethodName} may or may not have run."));
        _pendingCalls.Dispose();
    }

    public void Dispose()
    {
        _membershipAgent.Dispose();
        _collector.Dispose();
        _siloListener.Stop("the silo was disposed");
        _connections.Dispose();
        _pendingCalls.Dispose();
        _stopping.Dispose();
    }

    private void StopServing()
    {
        _serving = false;
        _stoppedServing.TrySetResult();
    }

    private string? AdmitPeer(Messaging.Handshake hello)
    {
        var peer = SiloAddress.Parse(hello.Identity);
        return _activationServices.Services.GetService(typeof(NetworkPartitions)) is NetworkPartitions partitions && !partitions.Allows(peer, Details.Address)
            ? $"the link between {peer} and {Details.Address} is cut"
            : null;
    }

    private void OnViewChanged(MembershipView previous, MembershipView current)
    {
        foreach (var entry in current.Entries.Where(e => e.Status == SiloStatus.Dead && previous.StatusOf(e.Silo) != SiloStatus.Dead))
        {
            _connections.Retire(entry.Silo, $"silo {entry.Silo} left the cluster");
        }

        if (current.Ring.IsEmpty || current.StatusOf(Details.Address) is not (SiloStatus.Active or SiloStatus.ShuttingDown))
        {
            return;
        }

        _catalog.DeactivateMisplaced(current, Details.Address);
    }

    private void OnDeclaredDead()
    {
        // The cluster has moved on without this silo; serving on would only create duplicate activations.
        Kill();
        _lifetime?.StopApplication();
    }
}
