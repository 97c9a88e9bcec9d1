namespace Coordination.Runtime.Messaging;

/// <summary>Limits of silo and client connections. Bound from <c>Coordination:Messaging</c>.</summary>
public sealed class MessagingOptions
{
    public const string SectionName = "Coordination:Messaging";

    /// <summary>The largest frame accepted; a larger one closes the connection. Default 4 MiB; 1 KiB to 256 MiB.</summary>
    public int MaxFrameSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>How long connecting plus handshaking may take. Default 5 seconds; 10 ms to 5 minutes.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The first wait before reconnecting to a peer that could not be reached; it doubles each time. Default 100 ms; 1 ms to 1 minute.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest wait between reconnection attempts. Default 5 seconds; 1 ms to 10 minutes.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a connection closing gracefully (a silo stopping, or a peer that left the cluster) waits for
    /// the frames in flight both ways before it closes anyway. Default 2 seconds; 0 to 1 minute.
    /// </summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many times a call may be forwarded by silos with stale views before it fails. Default 2; 0 to 10.</summary>
    public int MaxForwardCount { get; set; } = 2;
}
