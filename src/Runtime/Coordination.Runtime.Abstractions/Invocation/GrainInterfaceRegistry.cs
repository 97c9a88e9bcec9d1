using System.Collections.Concurrent;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Text.Unicode;

namespace Coordination.Invocation;

/// <summary>
/// The grain interfaces of this process. Generated module initializers fill it; the runtime reads it.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GrainInterfaceRegistry
{
    private static readonly ConcurrentDictionary<Type, GrainInterfaceDescriptor> s_byInterface = new();
    private static readonly ConcurrentDictionary<string, GrainInterfaceDescriptor> s_byGrainType = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string> s_conflicts = new(StringComparer.Ordinal);
    private const int MaxStackGrainTypeLength = 256;

    /// <summary>Called by generated code. A conflict is recorded and reported when the type is used, not thrown here.</summary>
    public static void Register(GrainInterfaceDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        s_byInterface[descriptor.InterfaceType] = descriptor;
        var existing = s_byGrainType.GetOrAdd(descriptor.GrainType, descriptor);
        if (existing.InterfaceType != descriptor.InterfaceType)
        {
            s_conflicts[descriptor.GrainType] =
                $"The grain interfaces {existing.InterfaceType.FullName} and {descriptor.InterfaceType.FullName} both use the grain type name " +
                $"'{descriptor.GrainType}'. Give one of them a distinct name with [GrainType(\"...\")].";
        }
    }

    /// <summary>The descriptor of a grain interface, running its assembly's generated registration if needed.</summary>
    /// <exception cref="InvalidOperationException">The interface has no generated proxy.</exception>
    public static GrainInterfaceDescriptor Get(Type interfaceType)
    {
        if (!s_byInterface.TryGetValue(interfaceType, out var descriptor))
        {
            // Module initializers run before code of their module runs, not when a type is merely referenced.
            RuntimeHelpers.RunModuleConstructor(interfaceType.Module.ModuleHandle);
            if (!s_byInterface.TryGetValue(interfaceType, out descriptor))
            {
                throw new InvalidOperationException(
                    $"{interfaceType.FullName} has no generated grain proxy. A grain interface must derive from IGrainWithStringKey, and its " +
                    "project must reference the Coordination code generator (UseCoordinationCodeGen=true).");
            }
        }

        ThrowIfConflicting(descriptor.GrainType);
        return descriptor;
    }

    /// <summary>
    /// Finds an interface by the UTF-8 bytes of its grain type name, as requests arriving from the network carry it, without allocating
    /// the name: every request names its type, and the registered name can serve them all.
    /// </summary>
    public static bool TryGet(ReadOnlySpan<byte> utf8GrainType, out GrainInterfaceDescriptor descriptor)
    {
        // Grain type names are short; a longer or malformed one is no registered name. UTF-8 never takes
        // fewer bytes than UTF-16 takes chars, so the byte count bounds the name.
        if (utf8GrainType.Length > MaxStackGrainTypeLength)
        {
            descriptor = null!;
            return false;
        }

        Span<char> name = stackalloc char[utf8GrainType.Length];
        if (Utf8.ToUtf16(utf8GrainType, name, out _, out var written, replaceInvalidSequences: false) != System.Buffers.OperationStatus.Done
            || !s_byGrainType.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name[..written], out descriptor!))
        {
            descriptor = null!;
            return false;
        }

        ThrowIfConflicting(descriptor.GrainType);
        return true;
    }

    /// <summary>Cached per interface so <c>GetGrain</c> does no dictionary lookup.</summary>
    public static GrainInterfaceDescriptor Get<TGrainInterface>() =>
        Cache<TGrainInterface>.Descriptor ??= Get(typeof(TGrainInterface));

    private static void ThrowIfConflicting(string grainType)
    {
        if (s_conflicts.TryGetValue(grainType, out var message))
        {
            throw new InvalidOperationException(message);
        }
    }

    private static class Cache<TGrainInterface>
    {
        public static GrainInterfaceDescriptor? Descriptor;
    }
}
