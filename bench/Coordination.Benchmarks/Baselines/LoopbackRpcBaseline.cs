using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Coordination.Benchmarks.Baselines;

/// <summary>
/// The least a multiplexed request/response protocol needs over one loopback TCP connection: 16-byte frames
/// (length, correlation id, value), a write queue flushed whenever it runs dry so busy connections batch,
/// and a table of pending replies by correlation id. The server adds one to the value, as the bench grain
/// does its own small work. No routing, no serialization beyond the frame, no deadlines.
/// </summary>
internal sealed class LoopbackRpcBaseline : IAsyncDisposable
{
    private const int FrameSize = 16;

    private readonly Socket _listener;
    private readonly Socket _client;
    private readonly Socket _server;
    private readonly ConcurrentDictionary<long, TaskCompletionSource<int>> _pending = new();
    private readonly Channel<(long Id, int Value)> _requests = Channel.CreateUnbounded<(long, int)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<(long Id, int Value)> _replies = Channel.CreateUnbounded<(long, int)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly List<Task> _loops = [];
    private long _lastId;

    private LoopbackRpcBaseline(Socket listener, Socket client, Socket server, LoopbackServer? serve)
    {
        _listener = listener;
        _client = client;
        _server = server;
        var clientStream = new NetworkStream(client);
        var serverStream = new NetworkStream(server);
        _loops.Add(WriteLoopAsync(PipeWriter.Create(clientStream), _requests.Reader));
        // The plain server keeps its own lambda, so the call baselines stay exactly what they were.
        Action<long, int> reply = (id, value) => _replies.Writer.TryWrite((id, value));
        Action<long, int> onRequest = serve is null
            ? (id, value) => _replies.Writer.TryWrite((id, value + 1))
            : (id, value) => serve(id, value, reply);
        _loops.Add(ReadLoopAsync(PipeReader.Create(serverStream), onRequest));
        _loops.Add(WriteLoopAsync(PipeWriter.Create(serverStream), _replies.Reader));
        _loops.Add(ReadLoopAsync(PipeReader.Create(clientStream), (id, value) =>
        {
            if (_pending.TryRemove(id, out var reply))
            {
                reply.TrySetResult(value);
            }
        }));
    }

    /// <summary>
    /// What a server does with a request, on its read loop: it answers through the callback, with the request's
    /// id, at once or later, and may answer an earlier request meanwhile (a lock answers a waiter on release).
    /// </summary>
    public delegate void LoopbackServer(long id, int value, Action<long, int> reply);

    /// <summary>Starts a server that answers every request at once with its value plus one.</summary>
    public static Task<LoopbackRpcBaseline> StartAsync() => StartAsync(serve: null);

    /// <summary>Starts a server that answers requests as <paramref name="serve"/> decides.</summary>
    public static async Task<LoopbackRpcBaseline> StartAsync(LoopbackServer? serve)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var accepting = listener.AcceptAsync();
        await client.ConnectAsync(listener.LocalEndPoint!);
        var server = await accepting;
        server.NoDelay = true;
        return new LoopbackRpcBaseline(listener, client, server, serve);
    }

    public async ValueTask<int> PingAsync(int value)
    {
        var id = Interlocked.Increment(ref _lastId);
        var reply = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        _requests.Writer.TryWrite((id, value));
        return await reply.Task;
    }

    private static async Task WriteLoopAsync(PipeWriter output, ChannelReader<(long Id, int Value)> queue)
    {
        try
        {
            while (await queue.WaitToReadAsync())
            {
                while (queue.TryRead(out var frame))
                {
                    var span = output.GetSpan(FrameSize);
                    BinaryPrimitives.WriteInt32LittleEndian(span, FrameSize - 4);
                    BinaryPrimitives.WriteInt64LittleEndian(span[4..], frame.Id);
                    BinaryPrimitives.WriteInt32LittleEndian(span[12..], frame.Value);
                    output.Advance(FrameSize);
                }

                await output.FlushAsync();
            }
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException)
        {
            // Disposed.
        }
    }

    private static async Task ReadLoopAsync(PipeReader input, Action<long, int> onFrame)
    {
        try
        {
            while (true)
            {
                var result = await input.ReadAsync();
                var buffer = result.Buffer;
                while (buffer.Length >= FrameSize)
                {
                    Dispatch(buffer.Slice(0, FrameSize), onFrame);
                    buffer = buffer.Slice(FrameSize);
                }

                input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException)
        {
            // Disposed.
        }
    }

    private static void Dispatch(ReadOnlySequence<byte> frame, Action<long, int> onFrame)
    {
        Span<byte> bytes = stackalloc byte[FrameSize];
        frame.CopyTo(bytes);
        onFrame(BinaryPrimitives.ReadInt64LittleEndian(bytes[4..]), BinaryPrimitives.ReadInt32LittleEndian(bytes[12..]));
    }

    public async ValueTask DisposeAsync()
    {
        _requests.Writer.TryComplete();
        _replies.Writer.TryComplete();
        _client.Dispose();
        _server.Dispose();
        _listener.Dispose();
        await Task.WhenAll(_loops);
    }
}
