using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Coordination.Runtime.Messaging;

/// <summary>
/// Accepts connections on one endpoint (the silo port, or the gateway port) and handshakes each under an
/// <see cref="AcceptPolicy"/>. Keeps the accepted connections so it can close them on shutdown, gently or not.
/// </summary>
internal sealed class ConnectionListener(
    string name,
    IIncomingRequestHandler handler,
    IGrainFactory grainFactory,
    MessagingOptions options,
    ILogger logger)
{
    private readonly ConcurrentDictionary<InboundConnection, byte> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _listener;

    /// <summary>The endpoint bound, once started.</summary>
    public IPEndPoint? LocalEndPoint => _listener?.LocalEndPoint as IPEndPoint;

    public IEnumerable<InboundConnection> Connections => _connections.Keys;

    /// <summary>Binds and starts accepting; the policy is read per connection, so it can depend on the bound port.</summary>
    /// <exception cref="SocketException">The endpoint could not be bound (in use, no permission).</exception>
    public void Start(IPEndPoint endpoint, Func<AcceptPolicy> policy)
    {
        var listener = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        try
        {
            listener.Bind(endpoint);
            listener.Listen(512);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        _listener = listener;
        _ = AcceptLoopAsync(listener, policy);
    }

    /// <summary>Stops accepting and closes every connection at once; with <paramref name="abort"/>, peers see resets.</summary>
    public void Stop(string reason, bool abort = false)
    {
        _stopping.Cancel();
        _listener?.Dispose();
        foreach (var connection in _connections.Keys)
        {
            connection.Close(reason, abort);
        }
    }

    /// <summary>Stops accepting, and closes every connection once the answers already on their way are delivered.</summary>
    public async Task StopGracefullyAsync(string reason)
    {
        _stopping.Cancel();
        _listener?.Dispose();
        await Task.WhenAll(_connections.Keys.Select(c => c.DrainAndCloseAsync(reason, options.DrainTimeout))).ConfigureAwait(false);
    }

    private async Task AcceptLoopAsync(Socket listener, Func<AcceptPolicy> policy)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stopping.IsCancellationRequested)
                {
                    return;
                }

                ListenerLog.AcceptFailed(logger, name, exception.Message);
                continue;
            }

            _ = AcceptAsync(socket, policy());
        }
    }

    private async Task AcceptAsync(Socket socket, AcceptPolicy policy)
    {
        InboundConnection? connection;
        try
        {
            connection = await InboundConnection.AcceptAsync(socket, policy, handler, grainFactory, options, logger, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception unexpected)
        {
            // One peer's bad bytes must cost only its own connection.
            ListenerLog.AcceptFailed(logger, name, unexpected.Message);
            socket.Dispose();
            return;
        }

        if (connection is null)
        {
            return;
        }

        _connections[connection] = 0;
        _ = connection.Closed.ContinueWith(_ => _connections.TryRemove(connection, out var _), TaskScheduler.Default);
        if (_stopping.IsCancellationRequested)
        {
            connection.Close("the listener stopped");
        }
    }
}
