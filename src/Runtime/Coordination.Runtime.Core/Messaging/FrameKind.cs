namespace Coordination.Runtime.Messaging;

/// <summary>What a frame on a connection carries. Every frame is a 4-byte little-endian length, then this byte, then its payload.</summary>
public enum FrameKind : byte
{
    /// <summary>First frame from the side that connected: magic, protocol version, cluster id, who it is.</summary>
    Handshake = 1,

    /// <summary>The accepting side agrees, and says who it is.</summary>
    HandshakeAccepted = 2,

    /// <summary>The accepting side refuses, saying why, and closes the connection.</summary>
    HandshakeRejected = 3,

    /// <summary>A grain call.</summary>
    Request = 4,

    /// <summary>The answer to a grain call: a result or an exception.</summary>
    Response = 5,

    /// <summary>The caller cancelled a call that takes a cancellation token.</summary>
    Cancel = 6,

    /// <summary>A liveness probe.</summary>
    Ping = 7,

    /// <summary>The answer to a probe.</summary>
    Pong = 8,
}
