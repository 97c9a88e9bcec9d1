using System.Collections.Concurrent;
using Coordination.Invocation;
using Coordination.Runtime.Hosting;
using Coordination.Runtime.Invocation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coordination.Runtime.Messaging;

/// <summary>
/// This silo's connections to its peers: one multiplexed connection per peer, opened on first use. After a
/// failed attempt the peer is given a growing pause during which calls to it fail at once (rather than
/// wait for their deadlines); the next call after the pause tries again.
/// </summary>
internal sealed class SiloConnections : IDisposable
{
    private readonly ConcurrentDictionary<SiloAddress, PeerConnection> _peers = new();
    private readonly LocalSiloDetails _local;
    private readonly PendingCallTable _pendingCalls;
    private readonly IGrainFactory _grainFactory;
    private readonly NetworkPartitions _partitions;
    private readonly MessagingOptions _options;
    private readonly TimeProvider _clock;
    private readonly TimeProvider _networkClock = TimeProvider.System;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();

    public SiloConnections(
        LocalSiloDetails local,
        PendingCallTable pendingCalls,
        IGrainFactory grainFactory,
        NetworkPartitions partitions,
        IOptions<MessagingOptions> options,
        TimeProvider clock,
        ILoggerFactory loggerFactory)
    {
        _local = local;
        _pendingCalls = pendingCalls;
        _grainFactory = grainFactory;
        _partitions = partitions;
        _options = options.Value;
        _clock = clock;
        _logger = loggerFactory.CreateLogger("Coordination.Runtime.Messaging");
        partitions.OnCut((a, b) =>
        {
            if (a == _local.Address)
            {
                Drop(b, "the link was cut");
            }
            else if (b == _local.Address)
            {
                Drop(a, "the link was cut");
            }
        });
    }

    /// <summary>Sends a call to <paramref name="silo"/>; if it cannot be delivered, the call fails with <see cref="SiloUnavailableException"/>.</summary>
    public void Send(SiloAddress silo, GrainRequest request)
    {
        if (TryGetOpen(silo) is { } open)
        {
            open.SendRequest(request);
            return;
        }

        _ = SendWhenConnectedAsync(silo, request);
    }

    /// <summary>Probes <paramref name="silo"/>: true when it answers in time; false when it does not or cannot be reached.</summary>
    public async Task<bool> PingAsync(SiloAddress silo, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            var connection = await ConnectAsync(silo, cancellationToken).ConfigureAwait(false);
            return await connection.PingAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is SiloUnavailableException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Forgets a peer and closes its connection; calls sent on it fail at once.</summary>
    public void Drop(SiloAddress silo, string reason)
    {
        if (_peers.TryRemove(silo, out var peer))
        {
            peer.Close(reason);
        }
    }

    /// <summary>
    /// Forgets a peer that left the cluster (it stopped, or was declared dead): no new call goes to it, and
    /// its connection closes once the answers already on their way have arrived, or after the drain timeout.
    /// </summary>
    public void Retire(SiloAddress silo, string reason)
    {
        if (_peers.TryRemove(silo, out var peer))
        {
            _ = peer.DrainAndCloseAsync(reason);
        }
    }

    /// <summary>Closes every connection abruptly (the peers see resets), as a crashed process would.</summary>
    public void Abort()
    {
        _stopping.Cancel();
        foreach (var peer in _peers.Values)
        {
            peer.Close("this silo was killed", abort: true);
        }

        _peers.Clear();
    }

    public void Dispose()
    {
        _stopping.Cancel();
        foreach (var peer in _peers.Values)
        {
            peer.Close("this silo stopped");
        }

        _peers.Clear();
    }

    private OutboundConnection? TryGetOpen(SiloAddress silo) =>
        _peers.TryGetValue(silo, out var peer) && peer.Open is { } connection && _partitions.Allows(_local.Address, silo)
            ? connection
            : null;

    private async Task SendWhenConnectedAsync(SiloAddress silo, GrainRequest request)
    {
        try
        {
            var connection = await ConnectAsync(silo, _stopping.Token).ConfigureAwait(false);
            connection.SendRequest(request);
        }
        catch (Exception exception)
        {
            request.Fail(exception as SiloUnavailableException
                ?? new SiloUnavailableException($"Silo {silo} could not be reached: {exception.Message}. The call was not sent.", callDidNotRun: true, exception));
        }
    }

    private Task<OutboundConnection> ConnectAsync(SiloAddress silo, CancellationToken cancellationToken)
    {
        if (!_partitions.Allows(_local.Address, silo))
        {
            return Task.FromException<OutboundConnection>(new SiloUnavailableException($"The link from silo {_local.Address} to {silo} is cut; the call was not sent.", callDidNotRun: true));
        }

        return _peers.GetOrAdd(silo, NewPeer).ConnectAsync(cancellationToken);
    }

    private PeerConnection NewPeer(SiloAddress silo)
    {
        var hello = new Handshake(Handshake.CurrentProtocolVersion, _local.ClusterId, PeerRole.Silo, _local.Address.ToString());
        var name = $"silo {silo}";
        return new PeerConnection(
            name,
            cancellationToken => OutboundConnection.ConnectAsync(silo.Endpoint, name, hello, _options, _pendingCalls, _grainFactory, _clock, _networkClock, _logger, cancellationToken),
            _options,
            _networkClock);
    }
}
