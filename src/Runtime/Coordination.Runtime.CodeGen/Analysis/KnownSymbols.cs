using Microsoft.CodeAnalysis;

namespace Coordination.CodeGen.Analysis;

/// <summary>The runtime and BCL types the generator recognises, resolved once per compilation.</summary>
internal sealed class KnownSymbols
{
    private KnownSymbols(Compilation compilation, INamedTypeSymbol grainInterface)
    {
        IGrain = grainInterface;
        Grain = compilation.GetTypeByMetadataName("Coordination.Grain");
        GrainTypeAttribute = compilation.GetTypeByMetadataName("Coordination.GrainTypeAttribute");
        AlwaysInterleaveAttribute = compilation.GetTypeByMetadataName("Coordination.AlwaysInterleaveAttribute");
        ReentrantAttribute = compilation.GetTypeByMetadataName("Coordination.ReentrantAttribute");
        ExtendsDeadlineAttribute = compilation.GetTypeByMetadataName("Coordination.ExtendsDeadlineAttribute");
        PersistentStateAttribute = compilation.GetTypeByMetadataName("Coordination.Storage.PersistentStateAttribute");
        PersistentState = compilation.GetTypeByMetadataName("Coordination.Storage.IPersistentState`1");
        Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        TaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
        ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
        ValueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
        CancellationToken = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
        Guid = compilation.GetTypeByMetadataName("System.Guid");
        TimeSpan = compilation.GetTypeByMetadataName("System.TimeSpan");
        DateTimeOffset = compilation.GetTypeByMetadataName("System.DateTimeOffset");
        List = compilation.GetTypeByMetadataName("System.Collections.Generic.List`1");
        Dictionary = compilation.GetTypeByMetadataName("System.Collections.Generic.Dictionary`2");
        IList = compilation.GetTypeByMetadataName("System.Collections.Generic.IList`1");
        ICollection = compilation.GetTypeByMetadataName("System.Collections.Generic.ICollection`1");
        IEnumerable = compilation.GetTypeByMetadataName("System.Collections.Generic.IEnumerable`1");
        IReadOnlyList = compilation.GetTypeByMetadataName("System.Collections.Generic.IReadOnlyList`1");
        IReadOnlyCollection = compilation.GetTypeByMetadataName("System.Collections.Generic.IReadOnlyCollection`1");
        IDictionary = compilation.GetTypeByMetadataName("System.Collections.Generic.IDictionary`2");
        IReadOnlyDictionary = compilation.GetTypeByMetadataName("System.Collections.Generic.IReadOnlyDictionary`2");
    }

    public INamedTypeSymbol IGrain { get; }

    public INamedTypeSymbol? Grain { get; }

    public INamedTypeSymbol? GrainTypeAttribute { get; }

    public INamedTypeSymbol? AlwaysInterleaveAttribute { get; }

    public INamedTypeSymbol? ReentrantAttribute { get; }

    public INamedTypeSymbol? ExtendsDeadlineAttribute { get; }

    public INamedTypeSymbol? PersistentStateAttribute { get; }

    public INamedTypeSymbol? PersistentState { get; }

    public INamedTypeSymbol? Task { get; }

    public INamedTypeSymbol? TaskOfT { get; }

    public INamedTypeSymbol? ValueTask { get; }

    public INamedTypeSymbol? ValueTaskOfT { get; }

    public INamedTypeSymbol? CancellationToken { get; }

    public INamedTypeSymbol? Guid { get; }

    public INamedTypeSymbol? TimeSpan { get; }

    public INamedTypeSymbol? DateTimeOffset { get; }

    public INamedTypeSymbol? List { get; }

    public INamedTypeSymbol? Dictionary { get; }

    public INamedTypeSymbol? IList { get; }

    public INamedTypeSymbol? ICollection { get; }

    public INamedTypeSymbol? IEnumerable { get; }

    public INamedTypeSymbol? IReadOnlyList { get; }

    public INamedTypeSymbol? IReadOnlyCollection { get; }

    public INamedTypeSymbol? IDictionary { get; }

    public INamedTypeSymbol? IReadOnlyDictionary { get; }

    /// <summary>Null when the compilation does not reference the Coordination runtime.</summary>
    public static KnownSymbols? Create(Compilation compilation) =>
        compilation.GetTypeByMetadataName("Coordination.IGrain") is { } grain ? new KnownSymbols(compilation, grain) : null;

    /// <summary>True for user grain interfaces; the runtime's own marker interfaces do not count.</summary>
    public bool IsGrainInterface(ITypeSymbol type) =>
        type.TypeKind == TypeKind.Interface
        && !SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, IGrain.ContainingAssembly)
        && type.AllInterfaces.Contains(IGrain, SymbolEqualityComparer.Default);

    /// <summary>True for IGrain and the other marker interfaces of the runtime itself.</summary>
    public bool IsRuntimeMarker(ITypeSymbol type) =>
        SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, IGrain.ContainingAssembly);

    public static bool Is(ISymbol? symbol, ISymbol? other) =>
        other is not null && SymbolEqualityComparer.Default.Equals(symbol, other);

    public static bool IsDefinition(ITypeSymbol type, INamedTypeSymbol? genericDefinition) =>
        genericDefinition is not null
        && type is INamedTypeSymbol { IsGenericType: true } named
        && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, genericDefinition);
}
