using Coordination.Runtime.Hosting;
using Coordination.Runtime.Messaging;

namespace Coordination.Runtime.Placement;

/// <summary>Placement for a silo that runs alone: every grain lives here.</summary>
internal sealed class LocalPlacementDirector(LocalSiloDetails silo) : IPlacementDirector
{
    public SiloAddress GetOwner(GrainId grainId) => silo.Address;
}
