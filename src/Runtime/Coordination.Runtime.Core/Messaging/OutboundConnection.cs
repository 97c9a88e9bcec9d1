using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Coordination.Invocation;
using Coordination.Runtime.Invocation;
using Coordination.Serialization;
using Microsoft.Extensions.Logging;

namespace Coordination.Runtime.Messaging;

/// <summary>
/// A connection this process opened, to send calls and probes to a silo (or gateway). Calls sent on it are
/// failed the moment it is lost, with an error saying they may or may not have run; none is ever resent.
/// </summary>
public sealed class OutboundConnection : Connection
{
    private readonly PendingCallTable _pendingCalls;
    private readonly IGrainFactory _grainFactory;
    private readonly TimeProvider _clock;
    private readonly TimeProvider _networkClock;
    private readonly ConcurrentDictionary<long, TaskCompletionSource<bool>> _pings = new();
    private long _lastPing;

    private OutboundConnection(Socket socket, string peer, MessagingOptions options, PendingCallTable pendingCalls, IGrainFactory grainFactory, TimeProvider clock, TimeProvider networkClock, ILogger logger)
        : base(socket, options, logger)
    {
        Peer = peer;
        _pendingCalls = pendingCalls;
        _grainFactory = grainFactory;
        _clock = clock;
        _networkClock = networkClock;
    }

    /// <summary>How this connection names its peer in messages (a silo address or a gateway endpoint).</summary>
    public string Peer { get; }

    /// <summary>Who the peer said it is when it accepted the handshake.</summary>
    public string PeerIdentity { get; private set; } = string.Empty;

    /// <summary>Connects and handshakes within <see cref="MessagingOptions.ConnectTimeout"/>.</summary>
    /// <param name="clock">The clock of call deadlines (the runtime's; a test's manual clock).</param>
    /// <param name="networkClock">The clock of connect and probe timeouts: real time, so a manual test clock never makes a peer look dead.</param>
    /// <exception cref="HandshakeRefusedException">The peer refused us (another cluster, another protocol version).</exception>
    /// <param name="endpoint">An address, or a host name and port (resolved on each attempt).</param>
    public static async Task<OutboundConnection> ConnectAsync(
        EndPoint endpoint,
        string peer,
        Handshake hello,
        MessagingOptions options,
        PendingCallTable pendingCalls,
        IGrainFactory grainFactory,
        TimeProvider clock,
        TimeProvider networkClock,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        var socket = endpoint is IPEndPoint address
            ? new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(options.ConnectTimeout, networkClock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        OutboundConnection? connection = null;
        try
        {
            await socket.ConnectAsync(endpoint, linked.Token).ConfigureAwait(false);
            connection = new OutboundConnection(socket, peer, options, pendingCalls, grainFactory, clock, networkClock, logger);
            await connection.HandshakeAsync(hello, linked.Token).ConfigureAwait(false);
            connection.StartLoops();
            return connection;
        }
        catch
        {
            if (connection is not null)
            {
                connection.Close("the handshake failed");
            }
            else
            {
                socket.Dispose();
            }

            throw;
        }
    }

    /// <summary>Sends a call, tracked so its response (or the loss of this connection) completes it.</summary>
    public void SendRequest(GrainRequest request)
    {
        var frame = RequestFrames.WriteRequest(request, request.CorrelationId, Timestamps.Until(_clock, request.DeadlineTimestamp));
        request.SentOn = this;
        if (request.CallCancellationToken.CanBeCanceled)
        {
            (request.Remote ??= new RemoteCallState()).CancellationForwarding = request.CallCancellationToken.UnsafeRegister(
                static state =>
                {
                    var (connection, correlationId) = ((OutboundConnection, long))state!;
                    connection.Send(RequestFrames.WriteCancel(correlationId));
                },
                (this, request.CorrelationId));
        }

        if (!Send(frame))
        {
            request.Fail(Lost("it was already closed"));
        }
    }

    /// <summary>Probes the peer: true when it answers within <paramref name="timeout"/>.</summary>
    public async Task<bool> PingAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var sequence = Interlocked.Increment(ref _lastPing);
        var answer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pings[sequence] = answer;
        try
        {
            var frame = new PooledFrameBuffer(FrameKind.Ping, 16);
            var writer = new CodecWriter(frame);
            writer.WriteVarInt64(sequence);
            if (!Send(frame))
            {
                return false;
            }

            // False when the connection closed before the answer came.
            return await answer.Task.WaitAsync(timeout, _networkClock, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return false;
        }
        finally
        {
            _pings.TryRemove(sequence, out _);
        }
    }

    protected override void OnFrame(FrameKind kind, ReadOnlySpan<byte> payload)
    {
        switch (kind)
        {
            case FrameKind.Response:
                RequestFrames.CompleteResponse(payload, _pendingCalls, _grainFactory);
                break;
            case FrameKind.Pong:
                if (_pings.TryGetValue(RequestFrames.ReadCorrelationId(payload), out var answer))
                {
                    answer.TrySetResult(true);
                }

                break;
            default:
                throw new ProtocolViolationException($"a {kind} frame, which a connection we opened never receives");
        }
    }

    protected override void OnClosed(string reason)
    {
        MessagingLog.ConnectionClosed(Logger, Peer, reason);
        _pendingCalls.FailWhere(r => ReferenceEquals(r.SentOn, this), _ => Lost(reason));
        foreach (var ping in _pings.Values)
        {
            ping.TrySetResult(false);
        }
    }

    private SiloUnavailableException Lost(string reason) =>
        new($"The connection to {Peer} was lost ({reason}). The call was not resent; it may or may not have run.");

    private async Task HandshakeAsync(Handshake hello, CancellationToken cancellationToken)
    {
        var frame = new PooledFrameBuffer(FrameKind.Handshake);
        var writer = new CodecWriter(frame);
        hello.Write(ref writer);
        await WriteDirectAsync(frame, cancellationToken).ConfigureAwait(false);
        var (kind, payload) = await ReadOneAsync(cancellationToken).ConfigureAwait(false);
        var reader = new CodecReader(payload);
        switch (kind)
        {
            case FrameKind.HandshakeAccepted:
                PeerIdentity = reader.ReadString() ?? string.Empty;
                break;
            case FrameKind.HandshakeRejected:
                var reason = reader.ReadString() ?? "no reason given";
                MessagingLog.RefusedByPeer(Logger, Peer, reason);
                throw new HandshakeRefusedException($"{Peer} refused the connection: {reason}.");
            default:
                throw new IOException($"{Peer} answered the handshake with a {kind} frame.");
        }
    }
}
