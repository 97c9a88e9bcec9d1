using System.Collections.Concurrent;
using System.Net.Sockets;
using Coordination.Invocation;
using Coordination.Serialization;
using Microsoft.Extensions.Logging;

namespace Coordination.Runtime.Messaging;

/// <summary>Receives calls from a connection a peer opened.</summary>
public interface IIncomingRequestHandler
{
    /// <summary>Takes a call read off <paramref name="connection"/>; must not block (it runs on the read loop).</summary>
    void Handle(GrainRequest request, TimeSpan timeLeft, InboundConnection connection);
}

/// <summary>
/// A connection a peer opened to this process: it checks the handshake, hands calls to a handler, answers
/// probes, and sends each call's outcome back as its response sink.
/// </summary>
public sealed class InboundConnection : Connection, IResponseSink
{
    private readonly IIncomingRequestHandler _handler;
    private readonly IGrainFactory _grainFactory;
    private readonly ConcurrentDictionary<long, CancellationTokenSource> _cancellable = new();

    private InboundConnection(Socket socket, IIncomingRequestHandler handler, IGrainFactory grainFactory, MessagingOptions options, ILogger logger)
        : base(socket, options, logger)
    {
        _handler = handler;
        _grainFactory = grainFactory;
    }

    /// <summary>What the peer said in its handshake.</summary>
    public Handshake? PeerHandshake { get; private set; }

    /// <summary>
    /// Handshakes with a peer that connected: refuses (saying why, on both sides) a peer of another cluster,
    /// protocol version or role. Null when refused.
    /// </summary>
    public static async Task<InboundConnection?> AcceptAsync(
        Socket socket,
        AcceptPolicy policy,
        IIncomingRequestHandler handler,
        IGrainFactory grainFactory,
        MessagingOptions options,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        var connection = new InboundConnection(socket, handler, grainFactory, options, logger);
        // Network time, not the runtime's clock: a manual test clock must not stall handshakes.
        using var timeout = new CancellationTokenSource(options.ConnectTimeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            var (kind, payload) = await connection.ReadOneAsync(linked.Token).ConfigureAwait(false);
            string? refusal;
            Handshake? hello = null;
            if (kind != FrameKind.Handshake)
            {
                refusal = $"it opened with a {kind} frame instead of a handshake";
            }
            else
            {
                var reader = new CodecReader(payload);
                hello = Handshake.Read(ref reader);
                refusal = hello.RefusalReason(policy.ClusterId, policy.AcceptsClients, policy.AcceptsSilos)
                    ?? (policy.Admit?.Invoke(hello) is { } denied ? denied : null);
            }

            if (refusal is not null)
            {
                MessagingLog.HandshakeRefused(logger, connection.RemoteEndPoint.ToString(), refusal);
                var rejected = new PooledFrameBuffer(FrameKind.HandshakeRejected);
                var rejectedWriter = new CodecWriter(rejected);
                rejectedWriter.WriteString(refusal);
                await connection.WriteDirectAsync(rejected, linked.Token).ConfigureAwait(false);
                connection.Close($"refused: {refusal}");
                return null;
            }

            connection.PeerHandshake = hello;
            var accepted = new PooledFrameBuffer(FrameKind.HandshakeAccepted);
            var writer = new CodecWriter(accepted);
            writer.WriteString(policy.Identity);
            await connection.WriteDirectAsync(accepted, linked.Token).ConfigureAwait(false);
            connection.StartLoops();
            return connection;
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or GrainCodecException or ProtocolViolationException)
        {
            MessagingLog.HandshakeRefused(logger, connection.RemoteEndPoint.ToString(), $"the handshake failed: {exception.Message}");
            connection.Close("the handshake failed");
            return null;
        }
    }

    public void SendResult<TResult>(GrainRequest<TResult> request, TResult result)
    {
        PooledFrameBuffer frame;
        try
        {
            frame = RequestFrames.WriteResult(request, result);
        }
        catch (Exception exception)
        {
            MessagingLog.ResponseNotSerializable(Logger, exception, request.ToString());
            SendException(request, ExceptionConverter.Capture(new GrainCodecException($"The result of {request.InterfaceName}.{request.MethodName} could not be serialized: {exception.Message}")));
            return;
        }

        Forget(request);
        Send(frame);
    }

    public void SendException(GrainRequest request, ExceptionInfo exception)
    {
        Forget(request);
        Send(RequestFrames.WriteException(request.InboundCorrelationId, exception));
    }

    protected override void OnFrame(FrameKind kind, ReadOnlySpan<byte> payload)
    {
        switch (kind)
        {
            case FrameKind.Request:
                var incoming = RequestFrames.ReadRequest(payload, _grainFactory);
                var request = incoming.Request;
                request.ResponseSink = this;
                if (incoming.Cancellable)
                {
                    var cancellation = new CancellationTokenSource();
                    _cancellable[request.InboundCorrelationId] = cancellation;
                    request.Remote = new RemoteCallState { RemoteCancellation = cancellation };
                    request.CallCancellationToken = cancellation.Token;
                }

                _handler.Handle(request, incoming.TimeLeft, this);
                break;
            case FrameKind.Cancel:
                if (_cancellable.TryRemove(RequestFrames.ReadCorrelationId(payload), out var cancelled))
                {
                    cancelled.Cancel();
                }

                break;
            case FrameKind.Ping:
                var pong = new PooledFrameBuffer(FrameKind.Pong, payload.Length + 8);
                payload.CopyTo(pong.GetSpan(payload.Length));
                pong.Advance(payload.Length);
                Send(pong);
                break;
            default:
                throw new ProtocolViolationException($"a {kind} frame, which a connection a peer opened never carries");
        }
    }

    protected override void OnClosed(string reason)
    {
        MessagingLog.ConnectionClosed(Logger, RemoteEndPoint.ToString(), reason);
        // The caller is gone: work it asked for with a cancellation token should stop.
        foreach (var cancellation in _cancellable.Values)
        {
            cancellation.Cancel();
        }

        _cancellable.Clear();
    }

    private void Forget(GrainRequest request)
    {
        if (request.Remote is { RemoteCancellation: { } cancellation } && _cancellable.TryRemove(new KeyValuePair<long, CancellationTokenSource>(request.InboundCorrelationId, cancellation)))
        {
            cancellation.Dispose();
        }
    }
}

/// <summary>What an endpoint accepts: which cluster, which roles, who it says it is, and any extra admission rule.</summary>
/// <param name="Admit">Returns a refusal reason for an otherwise valid peer (for example a partitioned silo in tests), or null.</param>
public sealed record AcceptPolicy(string ClusterId, string Identity, bool AcceptsSilos, bool AcceptsClients, Func<Handshake, string?>? Admit = null);
