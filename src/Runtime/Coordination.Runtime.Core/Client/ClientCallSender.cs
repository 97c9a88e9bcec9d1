using Coordination.Invocation;
using Coordination.Runtime.Configuration;
using Coordination.Runtime.Diagnostics;
using Coordination.Runtime.Invocation;

namespace Coordination.Client;

/// <summary>Sends a client's calls: track them (deadline, correlation id), then hand them to a gateway.</summary>
internal sealed class ClientCallSender : IGrainCallSender
{
    private readonly PendingCallTable _pendingCalls;
    private readonly GrainCallOptions _options;

    public ClientCallSender(PendingCallTable pendingCalls, GrainCallOptions options)
    {
        _pendingCalls = pendingCalls;
        _options = options;
        GrainFactory = new GrainFactory(this);
    }

    public IGrainFactory GrainFactory { get; }

    /// <summary>Set once, before the first call: the gateways need the factory to read grain references in answers.</summary>
    public GatewayManager? Gateways { get; set; }

    public void Send(GrainRequest request)
    {
        _pendingCalls.Register(request, request.GetCallTimeout(_options.CallTimeout), findable: true);
        RuntimeInstruments.CallsSent.Add(1);
        Gateways!.Send(request);
    }
}
