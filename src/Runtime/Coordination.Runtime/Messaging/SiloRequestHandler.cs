using Coordination.Invocation;
using Coordination.Runtime.Diagnostics;
using Coordination.Runtime.Invocation;

namespace Coordination.Runtime.Messaging;

/// <summary>
/// Takes calls arriving from other silos on the silo port, or from clients on the gateway port: re-bases
/// their deadline on this silo's clock and routes them like any call, so a silo with a newer view forwards
/// them on.
/// </summary>
internal sealed class SiloRequestHandler(MessageRouter router, TimeProvider clock, bool fromClients) : IIncomingRequestHandler
{
    private long _received;

    /// <summary>How many calls this handler has taken.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>The handler of the gateway port: the same, except that reaching the grain's silo is not a forward.</summary>
    public SiloRequestHandler ForClients() => new(router, clock, fromClients: true);

    public void Handle(GrainRequest request, TimeSpan timeLeft, InboundConnection connection)
    {
        Interlocked.Increment(ref _received);
        request.Timeout = timeLeft;
        request.DeadlineTimestamp = Timestamps.After(clock, timeLeft);
        if (fromClients)
        {
            RuntimeInstruments.ClientCallsReceived.Add(1);
            router.RouteFromClient(request);
        }
        else
        {
            router.Route(request);
        }
    }
}
