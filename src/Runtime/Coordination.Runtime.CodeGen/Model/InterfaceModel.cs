namespace Coordination.CodeGen.Model;

/// <summary>A grain interface declared in the compilation.</summary>
internal sealed record InterfaceModel(
    string FullyQualifiedName,
    string DisplayName,
    string GrainType,
    string SafeName,
    EquatableArray<MethodModel> Methods);

/// <summary>How a grain method hands back its outcome.</summary>
internal enum ReturnKind
{
    Task,
    TaskOfT,
    ValueTask,
    ValueTaskOfT,
}

/// <summary>One method of a grain interface (including inherited ones).</summary>
internal sealed record MethodModel(
    string Name,
    string DeclaringInterface,
    ReturnKind ReturnKind,
    string ResultType,
    string ResultCodecId,
    EquatableArray<ParameterModel> Parameters,
    bool AlwaysInterleave,
    uint MethodId,
    string? DeadlineExtension)
{
    public bool IsVoid => ReturnKind is ReturnKind.Task or ReturnKind.ValueTask;
}

/// <summary>A parameter; CancellationToken parameters travel out of band.</summary>
internal sealed record ParameterModel(string Name, string Type, string CodecId, bool IsCancellationToken, bool IsNonNullableReference);
