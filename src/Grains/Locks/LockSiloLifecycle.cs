using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Storage;

namespace Coordination.Locks;

/// <summary>
/// What a lock silo does at the edges of its life, outside any one lock:
/// <list type="bullet">
/// <item>Before it joins, and again before it becomes active, it refuses to enter a cluster while its locks live in
/// Orleans' memory storage: that store dies with the silo holding it, so a fencing counter could start again from zero.</item>
/// <item>When it starts stopping, it tells waiting callers at once, before Orleans deactivates the locks. A
/// waiting <see cref="ILockGrain.Acquire(string, TimeSpan, TimeSpan?)"/> is a running request, and Orleans
/// deactivates an activation only once its running requests end; without this signal a graceful stop would
/// wait for every queued caller's timeout before handing the keys over.</item>
/// </list>
/// </summary>
public sealed partial class LockSiloLifecycle(
    IServiceProvider services,
    IOptions<LockOptions> options,
    ILocalSiloDetails silo,
    ILogger<LockSiloLifecycle> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Cancelled when this silo starts stopping; waiting callers then get <see cref="LockUnavailableException"/> and retry elsewhere.</summary>
    public CancellationToken Stopping => _stopping.Token;

    public void Participate(ISiloLifecycle lifecycle)
    {
        // After the membership table has been read, before this silo announces itself as joining.
        lifecycle.Subscribe(nameof(LockSiloLifecycle), ServiceLifecycleStage.AfterRuntimeGrainServices - 1, RefuseClusterOnVolatileStoreAsync);

        // Again once this silo's own Joining entry is written, before it becomes active. Silos starting together can
        // all pass the first check, each reading the table before the others wrote to it; but entries are written one
        // compare-and-set at a time, so of any two such silos the one that wrote later sees the other here.
        lifecycle.Subscribe(nameof(LockSiloLifecycle), ServiceLifecycleStage.BecomeActive - 1, RefuseClusterOnVolatileStoreAsync);

        // Stop callbacks run in reverse stage order: this one runs before Orleans deactivates the grains.
        lifecycle.Subscribe(nameof(LockSiloLifecycle), ServiceLifecycleStage.Active, _ => Task.CompletedTask, _ => _stopping.CancelAsync());
    }

    private Task RefuseClusterOnVolatileStoreAsync(CancellationToken cancellationToken)
    {
        if (services.GetKeyedService<IGrainStorage>(options.Value.StorageName) is not MemoryGrainStorage)
        {
            return Task.CompletedTask;
        }

        // Orleans read the membership table at the previous stage.
        var others = services.GetRequiredService<IClusterMembershipService>().CurrentSnapshot.Members.Values
            .Where(m => !m.SiloAddress.Equals(silo.SiloAddress) && m.Status is SiloStatus.Active or SiloStatus.Joining or SiloStatus.Created)
            .Select(m => $"{m.Name} ({m.SiloAddress})")
            .ToList();
        if (others.Count == 0)
        {
            return Task.CompletedTask;
        }

        var message = $"Silo {silo.Name} cannot join cluster '{silo.ClusterId}', which already has {string.Join(", ", others)}: "
            + $"its locks are in Orleans' memory storage ('{options.Value.StorageName}'), which lives in one silo and is lost with it, "
            + "and a cluster needs a shared store. Give every silo the same Elasticsearch storage (Coordination:Storage:Provider=Elasticsearch), "
            + "or run this silo on its own.";
        LogRefusedVolatileStore(logger, message);
        throw new OrleansConfigurationException(message);
    }

    [LoggerMessage(EventId = 1100, Level = LogLevel.Error, Message = "{Message}")]
    private static partial void LogRefusedVolatileStore(ILogger logger, string message);
}
