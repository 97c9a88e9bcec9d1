using Coordination.Invocation;
using Coordination.Runtime.Configuration;
using Coordination.Runtime.Invocation;
using Coordination.Runtime.Messaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Coordination.Client;

/// <summary>
/// A connection to a Coordination cluster from outside it, through the silos' gateways. It is an
/// <see cref="IGrainFactory"/>: <c>client.GetGrain&lt;ILockGrain&gt;(key).TryAcquire(owner)</c>, and the lock
/// handles of <c>CoordinationLockProvider</c>, work through it as they do inside a silo.
/// </summary>
/// <remarks>
/// Calls to one key go through one gateway while it lives. When a gateway is lost, the calls in flight
/// through it fail at once with <see cref="SiloUnavailableException"/> (they may or may not have run; none
/// is resent), and new calls go to another gateway. When no gateway can be reached, calls fail at once with
/// <see cref="ClusterUnavailableException"/>. Build one standalone and call <see cref="ConnectAsync"/>, or
/// register it in a host with <c>services.AddCoordinationClient()</c>.
/// </remarks>
public sealed class ClusterClient : IGrainFactory, IAsyncDisposable
{
    private readonly ClientCallSender _sender;
    private readonly GatewayManager _gateways;
    private readonly PendingCallTable _pendingCalls;

    /// <param name="options">Cluster id and gateways; validated here.</param>
    /// <param name="gateways">Where gateways come from. Default: the fixed list of <paramref name="options"/>.</param>
    /// <param name="messaging">Connection limits and timeouts. Default: <see cref="MessagingOptions"/> defaults.</param>
    /// <param name="calls">Call timeouts. Default: <see cref="GrainCallOptions"/> defaults.</param>
    /// <param name="clock">The clock of call deadlines. Default: the system clock.</param>
    /// <exception cref="OptionsValidationException">An option is invalid; the failures say which and why.</exception>
    public ClusterClient(
        ClusterClientOptions options,
        IGatewayListProvider? gateways = null,
        MessagingOptions? messaging = null,
        GrainCallOptions? calls = null,
        TimeProvider? clock = null,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        messaging ??= new MessagingOptions();
        calls ??= new GrainCallOptions();
        clock ??= TimeProvider.System;
        Validate(new ClusterClientOptionsValidator(), options);
        Validate(new MessagingOptionsValidator(), messaging);
        Validate(new GrainCallOptionsValidator(), calls);

        Options = options;
        _pendingCalls = new PendingCallTable(clock, calls.DeadlineCheckInterval);
        _sender = new ClientCallSender(_pendingCalls, calls);
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Coordination.Client");
        _gateways = new GatewayManager(gateways ?? StaticGatewayListProvider.From(options), options, messaging, _pendingCalls, _sender.GrainFactory, clock, logger);
        _sender.Gateways = _gateways;
    }

    public ClusterClientOptions Options { get; }

    /// <summary>The gateways this client has an open connection to, as <c>host:port</c>.</summary>
    public IReadOnlyList<string> ConnectedGateways => _gateways.ConnectedGateways;

    /// <summary>The gateways this client knows of, connected or not, as <c>host:port</c>.</summary>
    public IReadOnlyList<string> KnownGateways => _gateways.KnownGateways;

    /// <summary>Reads the gateway list again now, rather than at the next refresh or the next lost gateway.</summary>
    public Task RefreshGatewaysAsync(CancellationToken cancellationToken = default) => _gateways.RefreshAsync(cancellationToken);

    /// <summary>Builds a client with <paramref name="configure"/> applied to default options, and connects it.</summary>
    /// <exception cref="ClusterUnavailableException">No gateway could be reached.</exception>
    public static Task<ClusterClient> ConnectAsync(Action<ClusterClientOptions> configure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new ClusterClientOptions();
        configure(options);
        return ConnectAsync(options, cancellationToken: cancellationToken);
    }

    /// <summary>Builds a client (the parameters are the constructor's) and connects it; disposes it if connecting fails.</summary>
    /// <exception cref="OptionsValidationException">An option is invalid.</exception>
    /// <exception cref="ClusterUnavailableException">No gateway could be reached.</exception>
    public static async Task<ClusterClient> ConnectAsync(
        ClusterClientOptions options,
        IGatewayListProvider? gateways = null,
        MessagingOptions? messaging = null,
        GrainCallOptions? calls = null,
        TimeProvider? clock = null,
        ILoggerFactory? loggerFactory = null,
        CancellationToken cancellationToken = default)
    {
        var client = new ClusterClient(options, gateways, messaging, calls, clock, loggerFactory);
        try
        {
            await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Reads the gateway list and connects to every gateway on it; succeeds when at least one answers.</summary>
    /// <exception cref="ClusterUnavailableException">No gateway could be reached; the message lists why, per gateway.</exception>
    public Task ConnectAsync(CancellationToken cancellationToken = default) => _gateways.StartAsync(cancellationToken);

    public TGrainInterface GetGrain<TGrainInterface>(string key)
        where TGrainInterface : IGrainWithStringKey => _sender.GrainFactory.GetGrain<TGrainInterface>(key);

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IGrain => _sender.GrainFactory.GetGrain<TGrainInterface>(grainId);

    /// <summary>Closes the gateway connections once the answers already on their way have arrived; calls still waiting then fail.</summary>
    public async ValueTask DisposeAsync()
    {
        await _gateways.DisposeAsync().ConfigureAwait(false);
        _pendingCalls.FailWhere(_ => true, request => new ObjectDisposedException(nameof(ClusterClient), $"The cluster client was disposed before {request.InterfaceName}.{request.MethodName} was answered; it may or may not have run."));
        _pendingCalls.Dispose();
    }

    private static void Validate<TOptions>(IValidateOptions<TOptions> validator, TOptions options)
        where TOptions : class
    {
        var result = validator.Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(typeof(TOptions).Name, typeof(TOptions), result.Failures);
        }
    }
}
