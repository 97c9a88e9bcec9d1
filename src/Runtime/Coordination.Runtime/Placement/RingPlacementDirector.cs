using Coordination.Runtime.Hosting;
using Coordination.Runtime.Membership;
using Coordination.Runtime.Messaging;

namespace Coordination.Runtime.Placement;

/// <summary>
/// Places each grain on the consistent-hash ring of the active silos in this silo's current view. Before the
/// silo has a view with any active silo (while it joins), everything is placed here.
/// </summary>
internal sealed class RingPlacementDirector(ClusterMembership membership, LocalSiloDetails silo) : IPlacementDirector
{
    public SiloAddress GetOwner(GrainId grainId) =>
        membership.Current.Ring.Owner(grainId.GetStableHashCode()) ?? silo.Address;
}
