using Coordination.Invocation;
using Coordination.Runtime.Invocation;

namespace Coordination.Runtime.Messaging;

/// <summary>
/// Takes calls arriving from other silos (and, through the gateway, from clients): re-bases their deadline on
/// this silo's clock and routes them like any call, so a silo with a newer view forwards them on.
/// </summary>
internal sealed class SiloRequestHandler(MessageRouter router, TimeProvider clock) : IIncomingRequestHandler
{
    public void Handle(GrainRequest request, TimeSpan timeLeft, InboundConnection connection)
    {
        request.Timeout = timeLeft;
        request.DeadlineTimestamp = Timestamps.After(clock, timeLeft);
        router.Route(request);
    }
}
