using System.Collections.Generic;
using System.Linq;
using Coordination.CodeGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Coordination.CodeGen.Analysis;

/// <summary>Turns a grain interface symbol into an <see cref="InterfaceModel"/>, reporting what cannot be served.</summary>
internal static class InterfaceAnalyzer
{
    public static InterfaceModel? Analyze(INamedTypeSymbol grainInterface, KnownSymbols known, TypeCodecAnalyzer codecs, List<DiagnosticInfo> diagnostics)
    {
        var location = grainInterface.Locations.FirstOrDefault();
        if (grainInterface.IsGenericType)
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.GenericInterface, location, TypeNames.Display(grainInterface)));
            return null;
        }

        var methods = new List<MethodModel>();
        var failed = false;
        // Methods may come from any base interface, grain interface or not; the runtime's markers have none.
        var interfaces = new[] { grainInterface }.Concat(grainInterface.AllInterfaces.Where(i => !known.IsRuntimeMarker(i)));
        foreach (var declaring in interfaces)
        {
            foreach (var member in declaring.GetMembers())
            {
                switch (member)
                {
                    case IMethodSymbol { MethodKind: MethodKind.Ordinary, IsStatic: false, IsAbstract: true } method:
                        var model = AnalyzeMethod(method, declaring, known, codecs, diagnostics);
                        if (model is null)
                        {
                            failed = true;
                        }
                        else
                        {
                            methods.Add(model);
                        }

                        break;
                    case IPropertySymbol or IEventSymbol when !member.IsStatic:
                        diagnostics.Add(DiagnosticInfo.Create(Diagnostics.NonMethodMember, member.Locations.FirstOrDefault(), TypeNames.Display(member)));
                        failed = true;
                        break;
                }
            }
        }

        foreach (var collision in methods.GroupBy(m => m.MethodId).Where(g => g.Count() > 1))
        {
            diagnostics.Add(DiagnosticInfo.Create(
                Diagnostics.MethodIdCollision,
                location,
                $"the methods {string.Join(" and ", collision.Select(m => m.Name))} of {TypeNames.Display(grainInterface)} hash to the same method id"));
            failed = true;
        }

        if (failed)
        {
            return null;
        }

        var fullName = TypeNames.FullyQualified(grainInterface);
        return new InterfaceModel(
            fullName,
            grainInterface.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat),
            TypeNames.GrainType(grainInterface, known),
            TypeNames.Identifier(fullName),
            new EquatableArray<MethodModel>(methods));
    }

    private static MethodModel? AnalyzeMethod(IMethodSymbol method, INamedTypeSymbol declaring, KnownSymbols known, TypeCodecAnalyzer codecs, List<DiagnosticInfo> diagnostics)
    {
        var display = method.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
        var location = method.Locations.FirstOrDefault();
        if (method.IsGenericMethod)
        {
            // Its type parameters would also fail codec analysis; one clear error is better than several.
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.GenericMethod, location, display));
            return null;
        }

        var ok = true;

        var returnKind = ClassifyReturn(method.ReturnType, known, out var resultType);
        if (returnKind is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.UnsupportedReturnType, location, $"{display} returns '{TypeNames.Display(method.ReturnType)}'"));
            ok = false;
        }

        var resultCodec = string.Empty;
        if (resultType is not null)
        {
            var codec = codecs.Analyze(resultType, out var error);
            if (codec is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    Diagnostics.UnsupportedType,
                    location,
                    $"The result of grain method {display} has type '{TypeNames.Display(resultType)}', which cannot cross a grain boundary: {error}"));
                ok = false;
            }
            else
            {
                resultCodec = codec;
            }
        }

        var parameters = new List<ParameterModel>();
        string? deadlineExtension = null;
        foreach (var parameter in method.Parameters)
        {
            var parameterLocation = parameter.Locations.FirstOrDefault() ?? location;
            if (parameter.RefKind != RefKind.None)
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.ByRefParameter, parameterLocation, $"Parameter '{parameter.Name}' of {display}"));
                ok = false;
                continue;
            }

            var name = SafeName(parameter.Name);
            if (parameter.GetAttributes().Any(a => KnownSymbols.Is(a.AttributeClass, known.ExtendsDeadlineAttribute)))
            {
                var isTimeSpan = KnownSymbols.Is(parameter.Type, known.TimeSpan)
                    || (parameter.Type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable && KnownSymbols.Is(nullable.TypeArguments[0], known.TimeSpan));
                if (!isTimeSpan || deadlineExtension is not null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        Diagnostics.DeadlineExtension,
                        parameterLocation,
                        $"Parameter '{parameter.Name}' of {display} is marked [ExtendsDeadline]; only one parameter per method may be, and it must be a TimeSpan or TimeSpan?"));
                    ok = false;
                }

                deadlineExtension = $"Arg{parameters.Count(p => !p.IsCancellationToken)}";
            }

            if (KnownSymbols.Is(parameter.Type, known.CancellationToken))
            {
                parameters.Add(new ParameterModel(name, TypeNames.FullyQualified(parameter.Type), string.Empty, IsCancellationToken: true, false));
                continue;
            }

            var codec = codecs.Analyze(parameter.Type, out var error);
            if (codec is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    Diagnostics.UnsupportedType,
                    parameterLocation,
                    $"Parameter '{parameter.Name}' of grain method {display} has type '{TypeNames.Display(parameter.Type)}', which cannot cross a grain boundary: {error}"));
                ok = false;
                continue;
            }

            parameters.Add(new ParameterModel(
                name, TypeNames.FullyQualified(parameter.Type), codec, IsCancellationToken: false, TypeCodecAnalyzer.IsNonNullableReference(parameter.Type)));
        }

        if (!ok)
        {
            return null;
        }

        var signature = $"{method.Name}({string.Join(",", method.Parameters.Select(p => TypeNames.CodecKey(p.Type)))})";
        var interleave = method.GetAttributes().Any(a => KnownSymbols.Is(a.AttributeClass, known.AlwaysInterleaveAttribute));
        return new MethodModel(
            method.Name,
            TypeNames.FullyQualified(declaring),
            returnKind!.Value,
            resultType is null ? "global::Coordination.Invocation.VoidResult" : TypeNames.FullyQualified(resultType),
            resultCodec,
            new EquatableArray<ParameterModel>(parameters),
            interleave,
            MethodIds.Hash(signature),
            deadlineExtension);
    }

    private static ReturnKind? ClassifyReturn(ITypeSymbol returnType, KnownSymbols known, out ITypeSymbol? resultType)
    {
        resultType = null;
        if (KnownSymbols.Is(returnType, known.Task))
        {
            return ReturnKind.Task;
        }

        if (KnownSymbols.Is(returnType, known.ValueTask))
        {
            return ReturnKind.ValueTask;
        }

        if (returnType is INamedTypeSymbol { IsGenericType: true } named)
        {
            if (KnownSymbols.IsDefinition(named, known.TaskOfT))
            {
                resultType = named.TypeArguments[0];
                return ReturnKind.TaskOfT;
            }

            if (KnownSymbols.IsDefinition(named, known.ValueTaskOfT))
            {
                resultType = named.TypeArguments[0];
                return ReturnKind.ValueTaskOfT;
            }
        }

        return null;
    }

    public static string SafeName(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
}
