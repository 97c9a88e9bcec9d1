using Coordination.Invocation;
using Coordination.Runtime.Configuration;
using Coordination.Runtime.Diagnostics;
using Coordination.Runtime.Invocation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Coordination.Runtime.Messaging;

/// <summary>Sends the calls made inside a silo (by hosted code or by grains): track, then route.</summary>
internal sealed class SiloCallSender : IGrainCallSender
{
    private readonly PendingCallTable _pendingCalls;
    private readonly GrainCallOptions _options;
    private readonly IServiceProvider _services;
    private MessageRouter? _router;

    public SiloCallSender(PendingCallTable pendingCalls, IOptions<GrainCallOptions> options, IServiceProvider services)
    {
        _pendingCalls = pendingCalls;
        _options = options.Value;
        _services = services;
        GrainFactory = new GrainFactory(this);
    }

    public IGrainFactory GrainFactory { get; }

    // Resolved on first use: the router depends on the catalog, whose activations depend on this factory.
    private MessageRouter Router => _router ??= _services.GetRequiredService<MessageRouter>();

    public void Send(GrainRequest request)
    {
        _pendingCalls.Register(request, request.GetCallTimeout(_options.CallTimeout), findable: false);
        RuntimeInstruments.CallsSent.Add(1);
        Router.Route(request);
    }
}
