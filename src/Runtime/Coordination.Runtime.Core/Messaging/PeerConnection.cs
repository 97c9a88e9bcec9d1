namespace Coordination.Runtime.Messaging;

/// <summary>
/// The one outbound connection to one peer (a silo, or a gateway), opened on first use and shared by every
/// caller. After a failed attempt, or after the connection is lost, the peer is held back for a pause that
/// doubles each time (from <see cref="MessagingOptions.ReconnectDelay"/> up to
/// <see cref="MessagingOptions.MaxReconnectDelay"/>); during it, asking for the connection fails at once
/// instead of making callers wait. The first request after the pause tries again.
/// </summary>
public sealed class PeerConnection
{
    private readonly Func<CancellationToken, Task<OutboundConnection>> _connect;
    private readonly MessagingOptions _options;
    private readonly TimeProvider _networkClock;
    private readonly object _gate = new();
    private OutboundConnection? _current;
    private Task<OutboundConnection>? _connecting;
    private TimeSpan _backoff;
    private DateTimeOffset _retryAfter = DateTimeOffset.MinValue;
    private string? _lastFailure;

    /// <param name="name">How messages name the peer: "silo 10.0.0.5:11111@638…", "gateway 10.0.0.5:30000".</param>
    /// <param name="connect">Connects and handshakes.</param>
    /// <param name="networkClock">The clock of the pauses: real time, so a test's manual clock never stalls reconnection.</param>
    public PeerConnection(string name, Func<CancellationToken, Task<OutboundConnection>> connect, MessagingOptions options, TimeProvider networkClock)
    {
        Name = name;
        _connect = connect;
        _options = options;
        _networkClock = networkClock;
    }

    public string Name { get; }

    /// <summary>The connection, if it is open now.</summary>
    public OutboundConnection? Open
    {
        get
        {
            var current = Volatile.Read(ref _current);
            return current is { IsClosed: false } ? current : null;
        }
    }

    /// <summary>True while the peer is held back after a failure; <paramref name="reason"/> says what failed and until when.</summary>
    public bool IsHeldBack(out string reason)
    {
        lock (_gate)
        {
            if (Open is null && _connecting is null && _networkClock.GetUtcNow() < _retryAfter)
            {
                reason = $"{Name} is unreachable ({_lastFailure}); retrying after {_retryAfter:O}";
                return true;
            }
        }

        reason = string.Empty;
        return false;
    }

    /// <summary>The open connection, or a new one.</summary>
    /// <exception cref="SiloUnavailableException">The peer is held back, or could not be reached; nothing was sent.</exception>
    public Task<OutboundConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (Open is { } open)
            {
                return Task.FromResult(open);
            }

            if (_connecting is { } connecting)
            {
                return connecting;
            }

            if (IsHeldBack(out var reason))
            {
                return Task.FromException<OutboundConnection>(new SiloUnavailableException($"{Capitalized(reason)}. The call was not sent.", callDidNotRun: true));
            }

            var attempt = ConnectCoreAsync(cancellationToken);
            // An attempt that already finished (it failed before its first await) must not be left as "connecting".
            _connecting = attempt.IsCompleted ? null : attempt;
            return attempt;
        }
    }

    /// <summary>Holds the peer back as if connecting had just failed, for example because its connection was lost.</summary>
    public void HoldBack(string reason)
    {
        lock (_gate)
        {
            RecordFailure(reason);
        }
    }

    /// <summary>Closes the connection at once (with <paramref name="abort"/>, the peer sees a reset); calls on it fail.</summary>
    public void Close(string reason, bool abort = false) => Volatile.Read(ref _current)?.Close(reason, abort);

    /// <summary>Closes the connection once the answers already on their way have arrived, or after the drain timeout.</summary>
    public Task DrainAndCloseAsync(string reason) =>
        Volatile.Read(ref _current) is { } current ? current.DrainAndCloseAsync(reason, _options.DrainTimeout) : Task.CompletedTask;

    private async Task<OutboundConnection> ConnectCoreAsync(CancellationToken cancellationToken)
    {
        try
        {
            var connection = await _connect(cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                _current = connection;
                _connecting = null;
                _backoff = TimeSpan.Zero;
            }

            return connection;
        }
        catch (Exception exception)
        {
            var cancelled = exception is OperationCanceledException && cancellationToken.IsCancellationRequested;
            lock (_gate)
            {
                _connecting = null;
                if (!cancelled)
                {
                    RecordFailure(exception.Message);
                }
            }

            if (cancelled)
            {
                throw;
            }

            throw new SiloUnavailableException($"{Capitalized(Name)} could not be reached: {exception.Message}. The call was not sent.", callDidNotRun: true, exception);
        }
    }

    private void RecordFailure(string reason)
    {
        _backoff = _backoff == TimeSpan.Zero ? _options.ReconnectDelay : TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, _options.MaxReconnectDelay.Ticks));
        _retryAfter = _networkClock.GetUtcNow() + _backoff;
        _lastFailure = reason;
    }

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
