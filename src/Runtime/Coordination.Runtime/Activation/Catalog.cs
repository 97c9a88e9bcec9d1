using System.Collections.Concurrent;
using Coordination.Invocation;

namespace Coordination.Runtime.Activation;

/// <summary>
/// The activations of this silo, at most one per grain. Delivering a call finds the grain's activation or
/// creates it; an activation that is going away hands its queued calls back here.
/// </summary>
internal sealed class Catalog
{
    private const int MaxDeliveryAttempts = 16;

    private readonly ConcurrentDictionary<GrainId, GrainActivation> _activations = new();
    private readonly ActivationServices _services;
    private readonly string _siloName;
    private volatile bool _stopping;

    public Catalog(ActivationServices services, string siloName)
    {
        _services = services;
        _siloName = siloName;
        services.Catalog = this;
    }

    public int Count => _activations.Count;

    public IEnumerable<GrainActivation> Activations => _activations.Values;

    public bool TryGet(GrainId grainId, out GrainActivation activation) => _activations.TryGetValue(grainId, out activation!);

    /// <summary>Queues a call on its grain's activation, creating the activation on first use.</summary>
    public void Deliver(GrainRequest request)
    {
        for (var attempt = 0; attempt < MaxDeliveryAttempts; attempt++)
        {
            if (_stopping)
            {
                request.Reject(new SiloUnavailableException(
                    $"Silo {_siloName} is shutting down; {request.InterfaceName}.{request.MethodName} to {request.Target} was not run.",
                    callDidNotRun: true));
                return;
            }

            if (!_activations.TryGetValue(request.Target, out var activation))
            {
                if (!GrainClassRegistry.TryGet(request.Target.Type, out var grainClass))
                {
                    request.Reject(new InvalidOperationException(
                        $"No grain class for grain type '{request.Target.Type}' is registered on silo {_siloName}. " +
                        "Reference the assembly that implements it from the silo and add it with AddGrains(assembly)."));
                    return;
                }

                activation = _activations.GetOrAdd(
                    request.Target,
                    static (id, state) => new GrainActivation(id, state.grainClass, state.services),
                    (grainClass, services: _services));
            }

            if (activation.TryEnqueue(request))
            {
                return;
            }

            Remove(activation);
        }

        request.Reject(new InvalidOperationException($"Could not deliver {request} after {MaxDeliveryAttempts} attempts: its activation kept going away."));
    }

    /// <summary>Forgets an activation, if it is still the one registered for its grain.</summary>
    public void Remove(GrainActivation activation) =>
        _activations.TryRemove(new KeyValuePair<GrainId, GrainActivation>(activation.GrainId, activation));

    /// <summary>Deactivates the activations whose grains the view places on another silo; their queued calls follow them.</summary>
    public void DeactivateMisplaced(Membership.MembershipView view, Messaging.SiloAddress local)
    {
        foreach (var activation in _activations.Values)
        {
            if (view.Ring.Owner(activation.GrainId.GetStableHashCode()) is { } owner && owner != local)
            {
                activation.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.PlacementChanged, $"Grain {activation.GrainId} now belongs to silo {owner}."));
            }
        }
    }

    /// <summary>Kills every activation without deactivating it, as a crash would: queued calls fail.</summary>
    public void Abandon()
    {
        _stopping = true;
        _activations.Clear();
    }

    /// <summary>Stops accepting calls and deactivates every activation, waiting up to the deactivation timeout.</summary>
    public async Task DeactivateAllAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _stopping = true;
        var gone = new List<Task>();
        foreach (var activation in _activations.Values)
        {
            activation.RequestDeactivation(reason);
            gone.Add(activation.Gone);
        }

        await Task.WhenAll(gone).WaitAsync(_services.Options.DeactivationTimeout, _services.Clock, cancellationToken).ConfigureAwait(false);
    }
}
