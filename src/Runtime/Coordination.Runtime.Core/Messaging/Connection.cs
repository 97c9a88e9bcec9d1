using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Coordination.Runtime.Messaging;

/// <summary>
/// One TCP connection carrying length-prefixed frames in both directions. A read loop parses frames and
/// hands them to <see cref="OnFrame"/> on its own thread; senders queue complete frames, and a write loop
/// copies them to the socket, flushing whenever the queue runs dry, so busy connections batch naturally.
/// A frame that is too large or malformed closes the connection (and only the connection).
/// </summary>
public abstract class Connection
{
    private readonly Socket _socket;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly Channel<PooledFrameBuffer> _outbox = Channel.CreateUnbounded<PooledFrameBuffer>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource<string> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _readingEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _writing = Task.CompletedTask;
    private int _closing;

    protected Connection(Socket socket, MessagingOptions options, ILogger logger)
    {
        _socket = socket;
        _socket.NoDelay = true;
        var stream = new NetworkStream(socket, ownsSocket: false);
        _input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024));
        _output = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 64 * 1024));
        Options = options;
        Logger = logger;
        RemoteEndPoint = socket.RemoteEndPoint as IPEndPoint ?? new IPEndPoint(IPAddress.None, 0);
    }

    public IPEndPoint RemoteEndPoint { get; }

    /// <summary>Completes with the reason once the connection is closed.</summary>
    public Task<string> Closed => _closed.Task;

    public bool IsClosed => Volatile.Read(ref _closing) != 0;

    protected MessagingOptions Options { get; }

    protected ILogger Logger { get; }

    /// <summary>Queues a frame; false when the connection is closed (the frame is dropped).</summary>
    public bool Send(PooledFrameBuffer frame)
    {
        frame.Complete();
        if (IsClosed || !_outbox.Writer.TryWrite(frame))
        {
            frame.Return();
            return false;
        }

        return true;
    }

    /// <summary>Closes the connection, once. With <paramref name="abort"/> the peer sees a reset instead of an orderly close.</summary>
    public void Close(string reason, bool abort = false)
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return;
        }

        _outbox.Writer.TryComplete();
        try
        {
            if (abort)
            {
                _socket.LingerState = new LingerOption(true, 0);
            }
            else
            {
                _socket.Shutdown(SocketShutdown.Both);
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // Already gone: closing is all that is left to do.
        }

        _socket.Close();
        while (_outbox.Reader.TryRead(out var unsent))
        {
            unsent.Return();
        }

        _closed.TrySetResult(reason);
        OnClosed(reason);
    }

    /// <summary>
    /// Closes without losing what is in flight: the frames already queued are sent, this side stops sending,
    /// and the frames the peer already sent are still read, until the peer closes its side too or
    /// <paramref name="limit"/> passes. For graceful shutdown and for peers that left the cluster; a cut
    /// link or a crash closes at once instead.
    /// </summary>
    public async Task DrainAndCloseAsync(string reason, TimeSpan limit)
    {
        if (IsClosed)
        {
            return;
        }

        _outbox.Writer.TryComplete();
        try
        {
            // Network time: draining is about sockets, never about a test's manual clock.
            await _writing.WaitAsync(limit).ConfigureAwait(false);
            _socket.Shutdown(SocketShutdown.Send);
            await _readingEnded.Task.WaitAsync(limit).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is TimeoutException or SocketException or ObjectDisposedException)
        {
            // The peer is slow or gone: close anyway; calls still waiting on this connection fail now.
        }

        Close(reason);
    }

    /// <summary>Starts reading and writing frames, after the handshake.</summary>
    protected void StartLoops()
    {
        _ = ReadLoopAsync();
        _writing = WriteLoopAsync();
    }

    /// <summary>Handles one frame; runs on the read loop, so it must not block.</summary>
    protected abstract void OnFrame(FrameKind kind, ReadOnlySpan<byte> payload);

    /// <summary>Runs once when the connection closes.</summary>
    protected abstract void OnClosed(string reason);

    /// <summary>Writes a frame straight to the socket; only for the handshake, before the loops start.</summary>
    protected async Task WriteDirectAsync(PooledFrameBuffer frame, CancellationToken cancellationToken)
    {
        frame.Complete();
        try
        {
            await _output.WriteAsync(frame.Frame.ToArray(), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            frame.Return();
        }
    }

    /// <summary>Reads exactly one frame; only for the handshake, before the loops start.</summary>
    protected async Task<(FrameKind Kind, byte[] Payload)> ReadOneAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (TryTakeFrame(ref buffer, out var frame))
            {
                var bytes = frame.ToArray();
                _input.AdvanceTo(buffer.Start);
                return ((FrameKind)bytes[0], bytes[1..]);
            }

            if (result.IsCompleted)
            {
                throw new IOException("The peer closed the connection during the handshake.");
            }

            _input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private async Task ReadLoopAsync()
    {
        var reason = "the peer closed the connection";
        try
        {
            while (true)
            {
                var result = await _input.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                while (TryTakeFrame(ref buffer, out var frame))
                {
                    Dispatch(frame);
                }

                _input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (ProtocolViolationException violation)
        {
            reason = violation.Message;
            MessagingLog.ProtocolViolation(Logger, RemoteEndPoint.ToString(), violation.Message);
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            reason = IsClosed ? "closed locally" : $"the connection failed: {exception.Message}";
        }
        catch (Exception unexpected)
        {
            // Never let one connection's surprise take the process down.
            reason = $"an unexpected error: {unexpected.Message}";
            MessagingLog.ConnectionFault(Logger, unexpected, RemoteEndPoint.ToString());
        }

        _readingEnded.TrySetResult();
        Close(reason);
    }

    private void Dispatch(ReadOnlySequence<byte> frame)
    {
        byte[]? rented = null;
        var span = frame.IsSingleSegment ? frame.FirstSpan : CopyOut(frame, out rented);
        try
        {
            OnFrame((FrameKind)span[0], span[1..]);
        }
        catch (Serialization.GrainCodecException malformed)
        {
            throw new ProtocolViolationException($"a malformed {(FrameKind)span[0]} frame: {malformed.Message}");
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static ReadOnlySpan<byte> CopyOut(ReadOnlySequence<byte> frame, out byte[] rented)
    {
        rented = ArrayPool<byte>.Shared.Rent((int)frame.Length);
        frame.CopyTo(rented);
        return rented.AsSpan(0, (int)frame.Length);
    }

    private bool TryTakeFrame(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> frame)
    {
        frame = default;
        if (buffer.Length < 4)
        {
            return false;
        }

        Span<byte> prefix = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(prefix);
        var length = BinaryPrimitives.ReadInt32LittleEndian(prefix);
        if (length < 1 || length > Options.MaxFrameSize)
        {
            throw new ProtocolViolationException($"a frame of {length} bytes, outside 1 to {Options.MaxFrameSize}");
        }

        if (buffer.Length < 4L + length)
        {
            return false;
        }

        frame = buffer.Slice(4, length);
        buffer = buffer.Slice(4L + length);
        return true;
    }

    private async Task WriteLoopAsync()
    {
        var reader = _outbox.Reader;
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (reader.TryRead(out var frame))
                {
                    var bytes = frame.Frame;
                    bytes.CopyTo(_output.GetSpan(bytes.Length));
                    _output.Advance(bytes.Length);
                    frame.Return();
                }

                var flushed = await _output.FlushAsync().ConfigureAwait(false);
                if (flushed.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            Close($"sending failed: {exception.Message}");
        }
    }

    /// <summary>The peer broke the frame protocol; the connection is closed.</summary>
    protected sealed class ProtocolViolationException(string message) : Exception(message);
}
