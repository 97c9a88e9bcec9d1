namespace Coordination.Serialization;

/// <summary>Bytes on the wire do not form a valid value: truncated, oversized or of the wrong shape.</summary>
public sealed class GrainCodecException(string message) : FormatException(message);
