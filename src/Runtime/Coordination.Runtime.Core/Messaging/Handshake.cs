using Coordination.Serialization;

namespace Coordination.Runtime.Messaging;

/// <summary>Who is connecting: a silo (to its peers) or a client (to a gateway).</summary>
public enum PeerRole : byte
{
    Silo = 1,
    Client = 2,
}

/// <summary>
/// The first frame on every connection. Both sides must speak the same protocol version and belong to the
/// same cluster; anything else is refused with a reason both sides log.
/// </summary>
public sealed record Handshake(int ProtocolVersion, string ClusterId, PeerRole Role, string Identity)
{
    /// <summary>Changes whenever the frame layout changes; peers of another version are refused.</summary>
    public const int CurrentProtocolVersion = 1;

    private const string Magic = "COORD";

    public void Write(ref CodecWriter writer)
    {
        writer.WriteString(Magic);
        writer.WriteVarInt32(ProtocolVersion);
        writer.WriteString(ClusterId);
        writer.WriteByte((byte)Role);
        writer.WriteString(Identity);
    }

    /// <exception cref="GrainCodecException">The bytes are not a Coordination handshake.</exception>
    public static Handshake Read(ref CodecReader reader)
    {
        if (reader.ReadString() != Magic)
        {
            throw new GrainCodecException("The peer did not start with a Coordination handshake.");
        }

        var version = reader.ReadVarInt32();
        var clusterId = reader.ReadString() ?? throw new GrainCodecException("The handshake lacks a cluster id.");
        var role = reader.ReadByte();
        if (role is not ((byte)PeerRole.Silo or (byte)PeerRole.Client))
        {
            throw new GrainCodecException($"The handshake names an unknown role {role}.");
        }

        var identity = reader.ReadString() ?? throw new GrainCodecException("The handshake lacks the peer's identity.");
        return new Handshake(version, clusterId, (PeerRole)role, identity);
    }

    /// <summary>Why the acceptor refuses this handshake, or null to accept it.</summary>
    public string? RefusalReason(string expectedClusterId, bool acceptsClients, bool acceptsSilos)
    {
        if (ProtocolVersion != CurrentProtocolVersion)
        {
            return $"protocol version {ProtocolVersion} is not {CurrentProtocolVersion}";
        }

        if (!string.Equals(ClusterId, expectedClusterId, StringComparison.Ordinal))
        {
            return $"cluster id '{ClusterId}' is not this cluster's '{expectedClusterId}'";
        }

        return Role switch
        {
            PeerRole.Client when !acceptsClients => "this endpoint is a silo port; clients connect to the gateway port",
            PeerRole.Silo when !acceptsSilos => "this endpoint is a gateway port; silos connect to the silo port",
            _ => null,
        };
    }
}

/// <summary>The peer refused the handshake; the message says why.</summary>
public sealed class HandshakeRefusedException(string message) : Exception(message);
