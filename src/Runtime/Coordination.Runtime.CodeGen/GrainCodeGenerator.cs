using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Coordination.CodeGen.Analysis;
using Coordination.CodeGen.Emit;
using Coordination.CodeGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Coordination.CodeGen;

/// <summary>
/// Generates, for the grain interfaces and grain classes declared in a project: a proxy per interface, a
/// request class per method (which also invokes it on the grain), binary codecs for every argument and
/// result type, and a module initializer that registers them with the runtime. Nothing on the call path
/// uses reflection.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class GrainCodeGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var interfaces = context.SyntaxProvider.CreateSyntaxProvider(
                static (node, _) => node is InterfaceDeclarationSyntax { BaseList: not null },
                static (ctx, ct) => MetadataNameOf(ctx, ct))
            .Where(static name => name is not null)
            .Collect();
        var classes = context.SyntaxProvider.CreateSyntaxProvider(
                static (node, _) => node is ClassDeclarationSyntax { BaseList: not null },
                static (ctx, ct) => MetadataNameOf(ctx, ct))
            .Where(static name => name is not null)
            .Collect();

        context.RegisterSourceOutput(context.CompilationProvider.Combine(interfaces).Combine(classes), static (spc, input) =>
            Execute(spc, input.Left.Left, input.Left.Right!, input.Right!));
    }

    private static string? MetadataNameOf(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.SemanticModel.GetDeclaredSymbol(context.Node, cancellationToken) is not INamedTypeSymbol symbol)
        {
            return null;
        }

        var name = symbol.MetadataName;
        for (var outer = symbol.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            name = outer.MetadataName + "+" + name;
        }

        return symbol.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + name : name;
    }

    private static void Execute(SourceProductionContext context, Compilation compilation, ImmutableArray<string?> interfaceNames, ImmutableArray<string?> classNames)
    {
        var known = KnownSymbols.Create(compilation);
        if (known is null)
        {
            return;
        }

        var diagnostics = new List<DiagnosticInfo>();
        var codecs = new TypeCodecAnalyzer(known, compilation);
        var interfaces = new List<InterfaceModel>();
        foreach (var name in interfaceNames.Distinct().OrderBy(n => n, System.StringComparer.Ordinal))
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (compilation.GetTypeByMetadataName(name!) is { } symbol && known.IsGrainInterface(symbol)
                && InterfaceAnalyzer.Analyze(symbol, known, codecs, diagnostics) is { } model)
            {
                interfaces.Add(model);
            }
        }

        var classes = new List<GrainClassModel>();
        foreach (var name in classNames.Distinct().OrderBy(n => n, System.StringComparer.Ordinal))
        {
            if (compilation.GetTypeByMetadataName(name!) is { } symbol && ClassAnalyzer.Analyze(symbol, known, diagnostics) is { } model)
            {
                classes.Add(model);
            }
        }

        foreach (var diagnostic in diagnostics.Distinct())
        {
            context.ReportDiagnostic(diagnostic.ToDiagnostic());
        }

        foreach (var model in interfaces)
        {
            context.AddSource($"{Names.Proxy(model.SafeName)}.g.cs", ProxyEmitter.Emit(model));
        }

        if (codecs.Codecs.Count > 0)
        {
            context.AddSource("CoordinationCodecs.g.cs", CodecEmitter.Emit(codecs.Codecs.Values));
        }

        if (interfaces.Count > 0 || classes.Count > 0)
        {
            var assemblyName = TypeNames.Identifier(compilation.AssemblyName ?? "assembly");
            context.AddSource("CoordinationRegistration.g.cs", RegistrationEmitter.Emit(assemblyName, interfaces, classes));
        }
    }
}
