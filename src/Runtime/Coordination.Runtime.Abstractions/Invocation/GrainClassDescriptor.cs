using System.ComponentModel;

namespace Coordination.Invocation;

/// <summary>What the runtime knows about one grain class, supplied by generated code.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class GrainClassDescriptor
{
    public required Type GrainClass { get; init; }

    /// <summary>The grain type names of the grain interfaces the class implements.</summary>
    public required IReadOnlyList<string> GrainTypes { get; init; }

    /// <summary>True when the class is marked <see cref="ReentrantAttribute"/>.</summary>
    public required bool IsReentrant { get; init; }

    /// <summary>Creates an instance; runs with <see cref="GrainConstruction.Current"/> set.</summary>
    public required Func<IServiceProvider, Grain> Factory { get; init; }
}
