namespace Coordination.CodeGen.Model;

/// <summary>A grain implementation class.</summary>
internal sealed record GrainClassModel(
    string FullyQualifiedName,
    string DisplayName,
    bool IsReentrant,
    EquatableArray<string> GrainTypes,
    EquatableArray<ConstructorArgumentModel> ConstructorArguments);

/// <summary>A constructor argument: a persistent state binding, or a service from DI.</summary>
internal sealed record ConstructorArgumentModel(string Type, string? StateType, string? StateName, string? StorageName)
{
    public bool IsPersistentState => StateType is not null;
}
