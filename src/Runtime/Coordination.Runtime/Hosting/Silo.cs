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
    private readonly ConnectionListener _gatewayListener;
    private readonly SiloRequestHandler _gatewayHandler;
    private readonly SiloOptions _options;
    private readonly ClusterStore _store;
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
        ClusterStore store,
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
        _store = store;
        _options = options.Value;
        _lifetime = lifetime;
        _logger = loggerFactory.CreateLogger<Silo>();
        var messagingLogger = loggerFactory.CreateLogger("Coordination.Runtime.Messaging");
        _siloListener = new ConnectionListener("silo", requestHandler, grainFactory, messagingOptions.Value, messagingLogger);
        _gatewayHandler = requestHandler.ForClients();
        _gatewayListener = new ConnectionListener("gateway", _gatewayHandler, grainFactory, messagingOptions.Value, messagingLogger);
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

    /// <summary>How many calls clients have sent through this silo's gateway.</summary>
    public long ClientCallsReceived => _gatewayHandler.Received;

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
        var listenAddress = IPAddress.Parse(_options.ListenAddress);
        Listen(_siloListener, "silo", new IPEndPoint(listenAddress, _options.SiloPort), () =>
            new AcceptPolicy(Details.ClusterId, Details.Address.ToString(), AcceptsSilos: true, AcceptsClients: false, AdmitPeer));
        Details.BoundTo(_siloListener.LocalEndPoint!.Port);
        Listen(_gatewayListener, "gateway", new IPEndPoint(listenAddress, _options.GatewayPort), () =>
            new AcceptPolicy(Details.ClusterId, Details.Address.ToString(), AcceptsSilos: false, AcceptsClients: true));
        Details.GatewayBoundTo(_gatewayListener.LocalEndPoint!.Port);
        _membershipAgent.GatewayEndpoint = Details.GatewayEndpoint!.ToString();
        await _membershipAgent.JoinAsync(cancellationToken);
        _collector.Start();
        _serving = true;
        SiloLog.Started(_logger, Details.Name, Details.ClusterId, Details.Address.ToString(), Details.GatewayEndpoint.ToString(), _store.ToString());
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

        await Task.WhenAll(_gatewayListener.StopGracefullyAsync("the silo stopped"), _siloListener.StopGracefullyAsync("the silo stopped"));
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
        _gatewayListener.Stop("the silo was killed", abort: true);
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
        _gatewayListener.Stop("the silo was disposed");
        _siloListener.Stop("the silo was disposed");
        _connections.Dispose();
        _pendingCalls.Dispose();
        _stopping.Dispose();
    }

    private void Listen(ConnectionListener listener, string port, IPEndPoint endpoint, Func<AcceptPolicy> policy)
    {
        try
        {
            listener.Start(endpoint, policy);
        }
        catch (System.Net.Sockets.SocketException failure)
        {
            // Stop the listener bound before this one, so a failed start leaves no port taken.
            _siloListener.Stop("the silo could not start");
            var setting = port == "silo" ? "SiloPort" : "GatewayPort";
            throw new SiloStartupException(failure.SocketErrorCode == System.Net.Sockets.SocketError.AddressAlreadyInUse
                ? $"The {port} port {endpoint} is already in use, perhaps by another silo. Choose a free one with {SiloOptions.SectionName}:{setting}."
                : $"The {port} port {endpoint} could not be opened: {failure.Message}. Check {SiloOptions.SectionName}:{setting} and {SiloOptions.SectionName}:ListenAddress.", failure);
        }
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
