using System.Text;
using Microsoft.CodeAnalysis;

namespace Coordination.CodeGen.Analysis;

/// <summary>How the generator spells types and names in generated code.</summary>
internal static class TypeNames
{
    private static readonly SymbolDisplayFormat s_fullyQualified = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private static readonly SymbolDisplayFormat s_display = SymbolDisplayFormat.CSharpErrorMessageFormat;

    /// <summary>The type as written in generated code, with nullable annotations.</summary>
    public static string FullyQualified(ITypeSymbol type) => type.ToDisplayString(s_fullyQualified);

    /// <summary>The type without a top-level nullable annotation: the key of its codec.</summary>
    public static string CodecKey(ITypeSymbol type) =>
        type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

    /// <summary>The type as shown in diagnostics.</summary>
    public static string Display(ISymbol symbol) => symbol.ToDisplayString(s_display);

    /// <summary>A C# identifier derived from arbitrary text, with a hash suffix so distinct inputs stay distinct.</summary>
    public static string Identifier(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Replace("global::", string.Empty))
        {
            builder.Append(char.IsLetterOrDigit(c) ? c : '_');
        }

        return $"{builder}_{MethodIds.Hash(text):x8}";
    }

    /// <summary>
    /// The grain type name: from [GrainType], else the interface name without its leading "I" and
    /// trailing "Grain", lowercased (ILockGrain becomes "lock").
    /// </summary>
    public static string GrainType(INamedTypeSymbol grainInterface, KnownSymbols known)
    {
        foreach (var attribute in grainInterface.GetAttributes())
        {
            if (KnownSymbols.Is(attribute.AttributeClass, known.GrainTypeAttribute)
                && attribute.ConstructorArguments.Length == 1
                && attribute.ConstructorArguments[0].Value is string { Length: > 0 } explicitName)
            {
                return explicitName;
            }
        }

        var name = grainInterface.Name;
        if (name.Length > 1 && name[0] == 'I' && char.IsUpper(name[1]))
        {
            name = name.Substring(1);
        }

        if (name.Length > "Grain".Length && name.EndsWith("Grain", System.StringComparison.Ordinal))
        {
            name = name.Substring(0, name.Length - "Grain".Length);
        }

        return name.ToLowerInvariant();
    }
}
