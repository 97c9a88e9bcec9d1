using System.Collections.Concurrent;
using System.ComponentModel;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Coordination.Invocation;

/// <summary>The grain classes of this process, by grain type name. Generated module initializers fill it.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GrainClassRegistry
{
    private static readonly ConcurrentDictionary<string, GrainClassDescriptor> s_byGrainType = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string> s_conflicts = new(StringComparer.Ordinal);

    public static void Register(GrainClassDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        foreach (var grainType in descriptor.GrainTypes)
        {
            var existing = s_byGrainType.GetOrAdd(grainType, descriptor);
            if (existing.GrainClass != descriptor.GrainClass)
            {
                s_conflicts[grainType] =
                    $"The grain classes {existing.GrainClass.FullName} and {descriptor.GrainClass.FullName} both implement grain type '{grainType}'; " +
                    "a silo can host only one class per grain interface.";
            }
        }

        // A silo serves requests from the network for interfaces its own code may never have called, so their
        // registrations (the request readers) must not wait for a first local call to run their module's initializer.
        foreach (var grainInterface in descriptor.GrainClass.GetInterfaces())
        {
            if (grainInterface != typeof(IGrain) && typeof(IGrain).IsAssignableFrom(grainInterface))
            {
                RuntimeHelpers.RunModuleConstructor(grainInterface.Module.ModuleHandle);
            }
        }
    }

    /// <summary>Runs the generated registration of an assembly's grain classes.</summary>
    public static void EnsureRegistered(Assembly assembly) =>
        RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);

    public static bool TryGet(string grainType, out GrainClassDescriptor descriptor)
    {
        if (s_conflicts.TryGetValue(grainType, out var message))
        {
            throw new InvalidOperationException(message);
        }

        return s_byGrainType.TryGetValue(grainType, out descriptor!);
    }
}
