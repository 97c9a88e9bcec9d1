using System.Collections.Immutable;
using Coordination.CodeGen;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Coordination.Runtime.CodeGen.Tests;

/// <summary>Compiles a source text with the grain generator, the way a project using it would.</summary>
internal static class GeneratorHarness
{
    private static readonly ImmutableArray<MetadataReference> s_references = LoadReferences();

    public static GeneratorResult Run(string source)
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: "Grains.cs");
        var compilation = CSharpCompilation.Create(
            "SampleGrains",
            [tree],
            s_references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        GeneratorDriver driver = CSharpGeneratorDriver.Create(new GrainCodeGenerator());
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        return new GeneratorResult(
            driver.GetRunResult(),
            generatorDiagnostics,
            output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray());
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "mscorlib.dll" or "netstandard.dll");
        return [.. platform.Select(p => MetadataReference.CreateFromFile(p)), MetadataReference.CreateFromFile(typeof(IGrain).Assembly.Location)];
    }
}

internal sealed record GeneratorResult(
    GeneratorDriverRunResult Run,
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    ImmutableArray<Diagnostic> CompilationErrors)
{
    public IEnumerable<string> GeneratedFileNames => Run.GeneratedTrees.Select(t => Path.GetFileName(t.FilePath));

    public string GeneratedText(string fileNameFragment) =>
        Run.GeneratedTrees.Single(t => t.FilePath.Contains(fileNameFragment, StringComparison.Ordinal)).ToString();

    public Diagnostic Single(string id) => Assert.Single(GeneratorDiagnostics, d => d.Id == id);
}
