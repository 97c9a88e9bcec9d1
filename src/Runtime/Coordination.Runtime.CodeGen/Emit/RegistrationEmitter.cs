using System.Collections.Generic;
using System.Linq;
using Coordination.CodeGen.Model;

namespace Coordination.CodeGen.Emit;

/// <summary>Emits the module initializer that registers this assembly's grain interfaces and classes.</summary>
internal static class RegistrationEmitter
{
    public static string Emit(string assemblySafeName, IReadOnlyList<InterfaceModel> interfaces, IReadOnlyList<GrainClassModel> classes)
    {
        var w = SourceWriter.File();
        w.Open($"namespace {Names.Namespace}");
        w.Line(Names.GeneratedCode);
        w.Open($"internal static class CoordinationRegistration_{assemblySafeName}");
        w.Line("[global::System.Runtime.CompilerServices.ModuleInitializer]");
        w.Open("internal static void Register()");
        foreach (var model in interfaces)
        {
            w.Open("global::Coordination.Invocation.GrainInterfaceRegistry.Register(new global::Coordination.Invocation.GrainInterfaceDescriptor");
            w.Line($"InterfaceType = typeof({model.FullyQualifiedName}),");
            w.Line($"GrainType = \"{model.GrainType}\",");
            w.Line($"ProxyFactory = static (grainId, sender) => new {Names.Proxy(model.SafeName)}(grainId, sender),");
            w.Open("RequestReaders = new global::System.Collections.Generic.Dictionary<uint, global::Coordination.Invocation.GrainRequestReader>");
            foreach (var method in model.Methods)
            {
                w.Line($"[0x{method.MethodId:x8}u] = {Names.Request(model.SafeName, method.Name, method.MethodId)}.ReadArguments,");
            }

            w.Close(",");
            w.Close(");");
        }

        foreach (var model in classes)
        {
            w.Open("global::Coordination.Invocation.GrainClassRegistry.Register(new global::Coordination.Invocation.GrainClassDescriptor");
            w.Line($"GrainClass = typeof({model.FullyQualifiedName}),");
            w.Line($"GrainTypes = new string[] {{ {string.Join(", ", model.GrainTypes.Select(t => $"\"{t}\""))} }},");
            w.Line($"IsReentrant = {(model.IsReentrant ? "true" : "false")},");
            var arguments = model.ConstructorArguments.Select(a => a.IsPersistentState
                ? $"global::Coordination.GrainConstruction.GetPersistentState<{a.StateType}>(\"{a.StateName}\", {(a.StorageName is null ? "null" : $"\"{a.StorageName}\"")})"
                : $"global::Coordination.GrainConstruction.GetRequiredService<{a.Type}>(services, \"{model.DisplayName}\")");
            w.Line($"Factory = static services => new {model.FullyQualifiedName}({string.Join(", ", arguments)}),");
            w.Close(");");
        }

        w.Close();
        w.Close();
        w.Close();
        return w.ToString();
    }
}
