using Coordination.Runtime.Messaging;

namespace Coordination.Runtime.Placement;

/// <summary>Decides, per message, which silo serves a grain.</summary>
public interface IPlacementDirector
{
    SiloAddress GetOwner(GrainId grainId);
}
