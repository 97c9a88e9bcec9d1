using System.ComponentModel;
using Coordination.Storage;

namespace Coordination;

/// <summary>
/// The context of the grain being constructed on this thread. The runtime sets it around the generated
/// factory call, so that grain constructors can take DI services and persistent states without also
/// taking a runtime parameter.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GrainConstruction
{
    [ThreadStatic]
    private static IGrainRuntimeContext? t_current;

    /// <summary>The context of the grain under construction on this thread.</summary>
    /// <exception cref="InvalidOperationException">No grain is being constructed: grains are created only by the runtime.</exception>
    public static IGrainRuntimeContext Current =>
        t_current ?? throw new InvalidOperationException(
            "Grains are created by the Coordination runtime when they are first called; do not construct them with 'new'. " +
            "Get a reference with IGrainFactory.GetGrain<T>(key) instead.");

    /// <summary>Makes <paramref name="context"/> current for the duration of a grain constructor.</summary>
    public static Scope Enter(IGrainRuntimeContext context)
    {
        var previous = t_current;
        t_current = context;
        return new Scope(previous);
    }

    /// <summary>Used by generated factories for constructor parameters marked <see cref="PersistentStateAttribute"/>.</summary>
    public static IPersistentState<TState> GetPersistentState<TState>(string stateName, string? storageName)
        where TState : new() =>
        Current.GetPersistentState<TState>(stateName, storageName);

    /// <summary>Used by generated factories for other constructor parameters.</summary>
    public static TService GetRequiredService<TService>(IServiceProvider services, string grainClassName)
        where TService : notnull =>
        services.GetService(typeof(TService)) is TService service
            ? service
            : throw new InvalidOperationException(
                $"Cannot create grain {grainClassName}: no service of type {typeof(TService).FullName} is registered. " +
                "Register it in the silo's service collection.");

    public readonly struct Scope(IGrainRuntimeContext? previous) : IDisposable
    {
        public void Dispose() => t_current = previous;
    }
}
