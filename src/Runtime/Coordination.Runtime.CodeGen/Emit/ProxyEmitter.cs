using System.Linq;
using Coordination.CodeGen.Model;

namespace Coordination.CodeGen.Emit;

/// <summary>Emits the proxy of a grain interface and one request class (the invoker) per method.</summary>
internal static class ProxyEmitter
{
    public static string Emit(InterfaceModel model)
    {
        var w = SourceWriter.File();
        w.Open($"namespace {Names.Namespace}");
        EmitProxy(w, model);
        foreach (var method in model.Methods)
        {
            w.Line();
            EmitRequest(w, model, method);
        }

        w.Close();
        return w.ToString();
    }

    private static void EmitProxy(SourceWriter w, InterfaceModel model)
    {
        var proxy = Names.Proxy(model.SafeName);
        w.Line(Names.GeneratedCode);
        w.Open($"internal sealed class {proxy} : {Names.GrainReference}, {model.FullyQualifiedName}");
        w.Line($"public {proxy}({Names.GrainId} grainId, {Names.Sender} sender) : base(grainId, sender) {{ }}");
        w.Line();
        w.Line($"public override string InterfaceName => \"{model.DisplayName}\";");
        foreach (var method in model.Methods)
        {
            w.Line();
            var parameters = string.Join(", ", method.Parameters.Select(p => $"{p.Type} {p.Name}"));
            w.Open($"{ReturnType(method)} {method.DeclaringInterface}.{method.Name}({parameters})");
            w.Line($"var request = new {Names.Request(model.SafeName, method.Name, method.MethodId)}();");
            var index = 0;
            foreach (var parameter in method.Parameters.Where(p => !p.IsCancellationToken))
            {
                w.Line($"request.Arg{index++} = {parameter.Name};");
            }

            var token = method.Parameters.FirstOrDefault(p => p.IsCancellationToken)?.Name ?? "default";
            var send = method.ReturnKind switch
            {
                ReturnKind.TaskOfT => "SendTaskAsync",
                ReturnKind.ValueTaskOfT => "SendAsync",
                ReturnKind.Task => "SendVoidTaskAsync",
                _ => "SendVoidAsync",
            };
            w.Line($"return {send}(request, {token});");
            w.Close();
        }

        w.Close();
    }

    private static void EmitRequest(SourceWriter w, InterfaceModel model, MethodModel method)
    {
        var name = Names.Request(model.SafeName, method.Name, method.MethodId);
        var arguments = method.Parameters.Where(p => !p.IsCancellationToken).ToList();
        w.Line(Names.GeneratedCode);
        w.Open($"internal sealed class {name} : global::Coordination.Invocation.GrainRequest<{method.ResultType}>");
        for (var i = 0; i < arguments.Count; i++)
        {
            w.Line($"public {arguments[i].Type} Arg{i}{(arguments[i].IsNonNullableReference ? " = default!" : string.Empty)};");
        }

        if (arguments.Count > 0)
        {
            w.Line();
        }

        w.Line($"public override string InterfaceName => \"{model.DisplayName}\";");
        w.Line();
        w.Line($"public override string MethodName => \"{method.Name}\";");
        w.Line();
        w.Line($"public override uint MethodId => 0x{method.MethodId:x8}u;");
        if (method.AlwaysInterleave)
        {
            w.Line();
            w.Line("public override bool IsAlwaysInterleave => true;");
        }

        if (method.DeadlineExtension is { } extension)
        {
            w.Line();
            w.Line($"public override global::System.TimeSpan GetCallTimeout(global::System.TimeSpan configuredTimeout) => global::Coordination.Invocation.CallTimeouts.Extend(configuredTimeout, {extension});");
        }

        w.Line();
        var argumentIndex = 0;
        var callArguments = string.Join(", ", method.Parameters.Select(p => p.IsCancellationToken ? "CallCancellation" : $"Arg{argumentIndex++}"));
        var call = $"(({method.DeclaringInterface})grain).{method.Name}({callArguments})";
        var invoke = method.ReturnKind switch
        {
            ReturnKind.TaskOfT => $"new {Names.ValueTask}<{method.ResultType}>({call})",
            ReturnKind.ValueTaskOfT => call,
            ReturnKind.Task => $"{Names.VoidResult}.FromTask({call})",
            _ => $"{Names.VoidResult}.FromValueTask({call})",
        };
        w.Line($"protected override {Names.ValueTask}<{method.ResultType}> InvokeCore(object grain) => {invoke};");
        w.Line();

        w.Open($"public override void WriteArguments(ref {Names.Writer} writer)");
        for (var i = 0; i < arguments.Count; i++)
        {
            w.Line($"{Names.Codecs}.Write_{arguments[i].CodecId}(ref writer, Arg{i});");
        }

        w.Close();
        w.Line();

        w.Open($"public static {Names.GrainRequest} ReadArguments(ref {Names.Reader} reader)");
        w.Line($"var request = new {name}();");
        for (var i = 0; i < arguments.Count; i++)
        {
            var bang = arguments[i].IsNonNullableReference ? "!" : string.Empty;
            w.Line($"request.Arg{i} = {Names.Codecs}.Read_{arguments[i].CodecId}(ref reader){bang};");
        }

        w.Line("return request;");
        w.Close();
        w.Line();

        if (method.IsVoid)
        {
            w.Line($"protected override void WriteResult(ref {Names.Writer} writer, {method.ResultType} result) {{ }}");
            w.Line();
            w.Line($"protected override {method.ResultType} ReadResult(ref {Names.Reader} reader) => default;");
        }
        else
        {
            w.Line($"protected override void WriteResult(ref {Names.Writer} writer, {method.ResultType} result) => {Names.Codecs}.Write_{method.ResultCodecId}(ref writer, result);");
            w.Line();
            w.Line($"protected override {method.ResultType} ReadResult(ref {Names.Reader} reader) => {Names.Codecs}.Read_{method.ResultCodecId}(ref reader)!;");
        }

        w.Close();
    }

    private static string ReturnType(MethodModel method) => method.ReturnKind switch
    {
        ReturnKind.TaskOfT => $"{Names.Task}<{method.ResultType}>",
        ReturnKind.ValueTaskOfT => $"{Names.ValueTask}<{method.ResultType}>",
        ReturnKind.Task => Names.Task,
        _ => Names.ValueTask,
    };
}
