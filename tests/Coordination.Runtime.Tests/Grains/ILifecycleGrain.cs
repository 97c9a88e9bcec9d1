using System.Collections.Concurrent;

namespace Coordination.Runtime.Tests.Grains;

/// <summary>Exposes an activation's life to tests.</summary>
public interface ILifecycleGrain : IGrainWithStringKey
{
    /// <summary>A value fixed when the activation was created: a new one means a new activation.</summary>
    Task<Guid> ActivationId();

    /// <summary>True once OnActivateAsync has finished.</summary>
    Task<bool> WasActivated();

    Task SetKeepAlive(bool keepAlive);

    Task Deactivate();

    /// <summary>Signals "{name}:entered", then waits for "{name}:release".</summary>
    Task Hold(string name);
}

public sealed class LifecycleGrain : Grain, ILifecycleGrain
{
    /// <summary>Per key: the deactivation reasons seen, in order.</summary>
    public static readonly ConcurrentDictionary<string, ConcurrentQueue<DeactivationReasonCode>> Deactivations = new();

    private readonly Guid _activationId = Guid.NewGuid();
    private bool _activated;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = GetPrimaryKeyString();
        if (key.StartsWith("slow-", StringComparison.Ordinal))
        {
            Signals.Set(key + ":activating");
            await Signals.Get(key + ":finish-activation").Task;
        }

        if (key.StartsWith("broken-", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("This grain refuses to activate.");
        }

        _activated = true;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        var key = GetPrimaryKeyString();
        Deactivations.GetOrAdd(key, static _ => new ConcurrentQueue<DeactivationReasonCode>()).Enqueue(reason.Code);
        Signals.Set(key + ":deactivated");
        return Task.CompletedTask;
    }

    public Task<Guid> ActivationId() => Task.FromResult(_activationId);

    public Task<bool> WasActivated() => Task.FromResult(_activated);

    public Task SetKeepAlive(bool keepAlive)
    {
        KeepAlive = keepAlive;
        return Task.CompletedTask;
    }

    public async Task Hold(string name)
    {
        Signals.Set(name + ":entered");
        await Signals.Get(name + ":release").Task;
    }

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
