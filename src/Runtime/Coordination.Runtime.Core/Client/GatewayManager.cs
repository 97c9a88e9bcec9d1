using System.Net;
using Coordination.Invocation;
using Coordination.Runtime.Invocation;
using Coordination.Runtime.Messaging;
using Microsoft.Extensions.Logging;

namespace Coordination.Client;

/// <summary>
/// A client's gateways. Each call goes to the gateway that ranks highest for its grain (rendezvous hashing
/// over the gateways not held back), so the calls to one key take one path, and keep its order, for as long
/// as that gateway lives; when it is lost only its keys move. A call is never resent once written to a
/// connection; a call that could not be written anywhere fails at once with <see cref="ClusterUnavailableException"/>.
/// </summary>
internal sealed class GatewayManager : IAsyncDisposable
{
    private readonly IGatewayListProvider _provider;
    private readonly ClusterClientOptions _options;
    private readonly MessagingOptions _messaging;
    private readonly PendingCallTable _pendingCalls;
    private readonly IGrainFactory _grainFactory;
    private readonly TimeProvider _clock;
    private readonly TimeProvider _networkClock = TimeProvider.System;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private volatile Gateway[] _gateways = [];
    private Task _refreshLoop = Task.CompletedTask;

    public GatewayManager(
        IGatewayListProvider provider,
        ClusterClientOptions options,
        MessagingOptions messaging,
        PendingCallTable pendingCalls,
        IGrainFactory grainFactory,
        TimeProvider clock,
        ILogger logger)
    {
        _provider = provider;
        _options = options;
        _messaging = messaging;
        _pendingCalls = pendingCalls;
        _grainFactory = grainFactory;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>The gateways with an open connection now, as <c>host:port</c>.</summary>
    public IReadOnlyList<string> ConnectedGateways => [.. _gateways.Where(g => g.Peer.Open is not null).Select(g => g.Name)];

    /// <summary>Every gateway on the list, connected or not.</summary>
    public IReadOnlyList<string> KnownGateways => [.. _gateways.Select(g => g.Name)];

    /// <summary>Reads the gateway list, connects to every gateway on it, and starts re-reading it if it can change.</summary>
    /// <exception cref="ClusterUnavailableException">No gateway could be reached.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        var gateways = _gateways;
        var attempts = gateways.Select(async g =>
        {
            try
            {
                await g.Peer.ConnectAsync(cancellationToken).ConfigureAwait(false);
                return null;
            }
            catch (SiloUnavailableException unreachable)
            {
                return unreachable.Message;
            }
        }).ToList();
        var failures = (await Task.WhenAll(attempts).ConfigureAwait(false)).OfType<string>().ToList();
        if (failures.Count == gateways.Length)
        {
            throw Unavailable(failures);
        }

        if (_provider.IsUpdatable)
        {
            _refreshLoop = RefreshPeriodicallyAsync();
        }
    }

    /// <summary>Sends a call through the gateway of its grain; never throws (a call that cannot be sent fails).</summary>
    public void Send(GrainRequest request)
    {
        if (_stopping.IsCancellationRequested)
        {
            request.Fail(new ObjectDisposedException(nameof(ClusterClient), "The cluster client was disposed; the call was not sent."));
            return;
        }

        var hash = request.Target.GetStableHashCode();
        if (Best(_gateways, hash, excluded: null) is { Peer.Open: { } open })
        {
            open.SendRequest(request);
            return;
        }

        _ = SendWhenConnectedAsync(request, hash);
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _refreshLoop.ConfigureAwait(false);
        // Answers already on their way are still delivered; what is left after the drain fails.
        await Task.WhenAll(_gateways.Select(g => g.Peer.DrainAndCloseAsync("the client was disposed"))).ConfigureAwait(false);
    }

    /// <summary>Re-reads the gateway list: new gateways are added, gateways no longer listed are closed once their answers are in.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var listed = await _provider.GetGatewaysAsync(cancellationToken).ConfigureAwait(false);
            var byName = listed.DistinctBy(GatewayAddress.Format, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(GatewayAddress.Format, StringComparer.OrdinalIgnoreCase);
            var current = _gateways;
            var kept = current.Where(g => byName.ContainsKey(g.Name)).ToList();
            if (kept.Count == current.Length && kept.Count == byName.Count)
            {
                return;
            }

            _gateways = [.. kept, .. byName.Where(listedGateway => !kept.Any(g => string.Equals(g.Name, listedGateway.Key, StringComparison.OrdinalIgnoreCase))).Select(listedGateway => NewGateway(listedGateway.Value))];
            foreach (var removed in current.Except(kept))
            {
                _ = removed.Peer.DrainAndCloseAsync("the gateway left the cluster");
            }

            ClientLog.GatewayListChanged(_logger, _options.ClientName, byName.Count == 0 ? "(none)" : string.Join(", ", byName.Keys));
        }
        finally
        {
            _refreshing.Release();
        }
    }

    private async Task SendWhenConnectedAsync(GrainRequest request, uint hash)
    {
        var failures = new List<string>();
        var tried = new HashSet<Gateway>();
        // Nothing has been written for this call yet, so trying the next gateway cannot run it twice.
        while (Best(_gateways, hash, tried) is { } gateway)
        {
            tried.Add(gateway);
            try
            {
                var connection = await gateway.Peer.ConnectAsync(_stopping.Token).ConfigureAwait(false);
                connection.SendRequest(request);
                return;
            }
            catch (SiloUnavailableException unreachable)
            {
                failures.Add(unreachable.Message);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                request.Fail(new ObjectDisposedException(nameof(ClusterClient), "The cluster client was disposed; the call was not sent."));
                return;
            }
        }

        foreach (var gateway in _gateways)
        {
            if (!tried.Contains(gateway) && gateway.Peer.IsHeldBack(out var reason))
            {
                failures.Add($"{char.ToUpperInvariant(reason[0])}{reason[1..]}.");
            }
        }

        request.Fail(Unavailable(failures));
        if (_provider.IsUpdatable)
        {
            _ = RefreshQuietlyAsync();
        }
    }

    /// <summary>The gateway ranking highest for <paramref name="hash"/> among those usable now (open, or not held back).</summary>
    private static Gateway? Best(Gateway[] gateways, uint hash, HashSet<Gateway>? excluded)
    {
        Gateway? best = null;
        var bestScore = 0u;
        foreach (var gateway in gateways)
        {
            if (excluded?.Contains(gateway) == true || (gateway.Peer.Open is null && gateway.Peer.IsHeldBack(out _)))
            {
                continue;
            }

            var score = StableHash.Mix(hash ^ gateway.Hash);
            if (best is null || score > bestScore)
            {
                best = gateway;
                bestScore = score;
            }
        }

        return best;
    }

    private ClusterUnavailableException Unavailable(IReadOnlyCollection<string> failures) => new(failures.Count == 0
        ? $"No gateway of cluster '{_options.ClusterId}' is known: the gateway list is empty. The call was not sent."
        : $"No gateway of cluster '{_options.ClusterId}' could be reached; the call was not sent. {string.Join(" ", failures)}");

    private Gateway NewGateway(EndPoint endpoint)
    {
        var name = GatewayAddress.Format(endpoint);
        var hello = new Handshake(Handshake.CurrentProtocolVersion, _options.ClusterId, PeerRole.Client, _options.ClientName);
        Gateway? gateway = null;
        var peer = new PeerConnection(
            $"gateway {name}",
            async cancellationToken =>
            {
                var connection = await OutboundConnection.ConnectAsync(
                    endpoint, $"gateway {name}", hello, _messaging, _pendingCalls, _grainFactory, _clock, _networkClock, _logger, cancellationToken).ConfigureAwait(false);
                ClientLog.GatewayConnected(_logger, _options.ClientName, name, _options.ClusterId);
                _ = connection.Closed.ContinueWith(closed => OnLost(gateway!, closed.Result), TaskScheduler.Default);
                return connection;
            },
            _messaging,
            _networkClock);
        gateway = new Gateway(name, StableHash.Compute(name.ToUpperInvariant()), peer);
        return gateway;
    }

    private void OnLost(Gateway gateway, string reason)
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        // The connection's own close already failed the calls sent on it, saying they may or may not have run.
        gateway.Peer.HoldBack($"its connection was lost: {reason}");
        ClientLog.GatewayLost(_logger, _options.ClientName, gateway.Name, reason);
        if (_provider.IsUpdatable)
        {
            _ = RefreshQuietlyAsync();
        }
    }

    private async Task RefreshPeriodicallyAsync()
    {
        using var timer = new PeriodicTimer(_options.GatewayListRefreshInterval, _networkClock);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
            {
                await RefreshQuietlyAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }

    private async Task RefreshQuietlyAsync()
    {
        try
        {
            await RefreshAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !_stopping.IsCancellationRequested)
        {
            ClientLog.GatewayListUnavailable(_logger, _options.ClientName, exception.Message);
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }

    private sealed record Gateway(string Name, uint Hash, PeerConnection Peer);
}
