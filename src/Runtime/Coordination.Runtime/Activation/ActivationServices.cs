using Coordination.Runtime.Configuration;
using Coordination.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coordination.Runtime.Activation;

/// <summary>The silo-wide services every activation uses, bundled so an activation holds one reference.</summary>
internal sealed class ActivationServices(
    IServiceProvider services,
    TimeProvider clock,
    GrainStorageResolver storage,
    IOptions<ActivationOptions> options,
    ILoggerFactory loggerFactory)
{
    private IGrainFactory? _grainFactory;
    private Messaging.MessageRouter? _router;

    public IServiceProvider Services { get; } = services;

    // Resolved on first use: the factory's sender routes to the catalog, which needs these services.
    public IGrainFactory GrainFactory => _grainFactory ??= Services.GetRequiredService<IGrainFactory>();

    public TimeProvider Clock { get; } = clock;

    public GrainStorageResolver Storage { get; } = storage;

    public ActivationOptions Options { get; } = options.Value;

    public ILogger Logger { get; } = loggerFactory.CreateLogger("Coordination.Runtime.Activation");

    /// <summary>Cancelled when the silo begins to stop; handed to OnActivateAsync and state reads.</summary>
    public CancellationToken Stopping { get; set; }

    /// <summary>Set by the catalog once it exists (the two depend on each other).</summary>
    public Catalog Catalog { get; set; } = null!;

    /// <summary>Sends a call on to wherever its grain lives now (used when an activation goes away with calls queued).</summary>
    public void Reroute(Coordination.Invocation.GrainRequest request) =>
        (_router ??= Services.GetRequiredService<Messaging.MessageRouter>()).Route(request);
}
