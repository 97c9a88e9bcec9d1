namespace Coordination.Runtime.Membership;

/// <summary>Where a silo is in its life, as the membership table records it. It only moves forward.</summary>
public enum SiloStatus
{
    /// <summary>Starting: listening, not yet serving grains.</summary>
    Joining,

    /// <summary>On the placement ring: grains live here.</summary>
    Active,

    /// <summary>Stopping gracefully: off the ring, its grains move elsewhere.</summary>
    ShuttingDown,

    /// <summary>Gone, declared by itself (graceful stop) or by enough suspicion votes. Never comes back: a restart is a new silo.</summary>
    Dead,
}
