namespace Coordination.Runtime.Activation;

/// <summary>Every collection quantum, asks each activation to check whether it has been idle too long.</summary>
internal sealed class ActivationCollector(Catalog catalog, ActivationServices services) : IDisposable
{
    private ITimer? _timer;

    public void Start()
    {
        var quantum = services.Options.CollectionQuantum;
        _timer = services.Clock.CreateTimer(static state => ((ActivationCollector)state!).CheckAll(), this, quantum, quantum);
    }

    public void CheckAll()
    {
        foreach (var activation in catalog.Activations)
        {
            activation.PostIdleCheck();
        }
    }

    /// <summary>Checks every activation now and completes once each has looked at itself.</summary>
    public Task CheckAllAsync() => Task.WhenAll(catalog.Activations.Select(a => a.CheckIdleAsync()));

    public void Dispose() => _timer?.Dispose();
}
