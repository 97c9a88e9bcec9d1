using Coordination.Invocation;
using Coordination.Runtime.Activation;
using Coordination.Runtime.Hosting;
using Coordination.Runtime.Invocation;
using Coordination.Runtime.Placement;
using Microsoft.Extensions.Options;

namespace Coordination.Runtime.Messaging;

/// <summary>
/// Routes each call to the silo that placement picks for its grain, decided per message: here, or over the
/// network. A call that arrived from elsewhere and belongs to a third silo (the sender's view was stale) is
/// forwarded, a bounded number of times.
/// </summary>
internal sealed class MessageRouter(
    LocalSiloDetails silo,
    IPlacementDirector placement,
    Catalog catalog,
    SiloConnections connections,
    PendingCallTable pendingCalls,
    IOptions<MessagingOptions> options,
    TimeProvider clock)
{
    private readonly int _maxForwardCount = options.Value.MaxForwardCount;

    /// <summary>Routes a call made in this silo, or one another silo sent (passing that on is forwarding).</summary>
    public void Route(GrainRequest request) => Route(request, arrivedThroughGateway: false);

    /// <summary>
    /// Routes a call a client sent to this silo's gateway. Passing it to the grain's silo is the gateway's
    /// job, not a forward; only the hops after that count against the forwarding bound.
    /// </summary>
    public void RouteFromClient(GrainRequest request) => Route(request, arrivedThroughGateway: true);

    private void Route(GrainRequest request, bool arrivedThroughGateway)
    {
        var owner = placement.GetOwner(request.Target);
        if (owner == silo.Address)
        {
            catalog.Deliver(request);
            return;
        }

        if (request.ResponseSink is not null)
        {
            // It came from another process: passing on a call a silo sent is forwarding, and forwarding is bounded.
            if (!arrivedThroughGateway)
            {
                if (request.ForwardCount >= _maxForwardCount)
                {
                    request.Fail(new SiloUnavailableException(
                        $"{request.InterfaceName}.{request.MethodName} to {request.Target} was forwarded {request.ForwardCount} times without reaching its silo; the cluster's views disagree. It did not run.",
                        callDidNotRun: true));
                    return;
                }

                request.ForwardCount++;
            }

            pendingCalls.Register(request, Timestamps.Until(clock, request.DeadlineTimestamp), findable: true);
        }
        else
        {
            pendingCalls.MakeFindable(request);
        }

        connections.Send(owner, request);
    }
}
