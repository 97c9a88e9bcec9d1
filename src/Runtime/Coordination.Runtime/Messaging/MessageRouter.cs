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

    public void Route(GrainRequest request)
    {
        var owner = placement.GetOwner(request.Target);
        if (owner == silo.Address)
        {
            catalog.Deliver(request);
            return;
        }

        if (request.ResponseSink is not null)
        {
            // It came from another process: passing it on is forwarding, and forwarding is bounded.
            if (request.ForwardCount >= _maxForwardCount)
            {
                request.Fail(new SiloUnavailableException(
                    $"{request.InterfaceName}.{request.MethodName} to {request.Target} was forwarded {request.ForwardCount} times without reaching its silo; the cluster's views disagree. It did not run."));
                return;
            }

            request.ForwardCount++;
            pendingCalls.Register(request, Timestamps.Until(clock, request.DeadlineTimestamp), findable: true);
        }
        else
        {
            pendingCalls.MakeFindable(request);
        }

        connections.Send(owner, request);
    }
}
