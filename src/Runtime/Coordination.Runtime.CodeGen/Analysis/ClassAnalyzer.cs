using System.Collections.Generic;
using System.Linq;
using Coordination.CodeGen.Model;
using Microsoft.CodeAnalysis;

namespace Coordination.CodeGen.Analysis;

/// <summary>Turns a grain class symbol into a <see cref="GrainClassModel"/> with a constructor the runtime can call.</summary>
internal static class ClassAnalyzer
{
    public static GrainClassModel? Analyze(INamedTypeSymbol grainClass, KnownSymbols known, List<DiagnosticInfo> diagnostics)
    {
        if (grainClass.IsAbstract || known.Grain is null || !DerivesFrom(grainClass, known.Grain))
        {
            return null;
        }

        var grainInterfaces = grainClass.AllInterfaces.Where(known.IsGrainInterface).ToList();
        if (grainInterfaces.Count == 0)
        {
            return null;
        }

        var location = grainClass.Locations.FirstOrDefault();
        var display = TypeNames.Display(grainClass);
        if (grainClass.IsGenericType)
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.GrainConstructor, location, $"Grain class {display} is generic; grain classes must be closed, non-generic types"));
            return null;
        }

        var constructors = grainClass.InstanceConstructors.Where(c => c.DeclaredAccessibility == Accessibility.Public).ToList();
        if (constructors.Count != 1)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                Diagnostics.GrainConstructor,
                location,
                $"Grain class {display} has {constructors.Count} public constructors; the runtime needs exactly one to create activations"));
            return null;
        }

        var arguments = new List<ConstructorArgumentModel>();
        foreach (var parameter in constructors[0].Parameters)
        {
            var parameterLocation = parameter.Locations.FirstOrDefault() ?? location;
            if (parameter.RefKind != RefKind.None)
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.GrainConstructor, parameterLocation, $"Constructor parameter '{parameter.Name}' of grain class {display} is passed by reference"));
                return null;
            }

            var type = TypeNames.FullyQualified(parameter.Type);
            if (KnownSymbols.IsDefinition(parameter.Type, known.PersistentState))
            {
                var attribute = parameter.GetAttributes().FirstOrDefault(a => KnownSymbols.Is(a.AttributeClass, known.PersistentStateAttribute));
                if (attribute is null || attribute.ConstructorArguments.Length == 0 || attribute.ConstructorArguments[0].Value is not string { Length: > 0 } stateName)
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        Diagnostics.GrainConstructor,
                        parameterLocation,
                        $"Constructor parameter '{parameter.Name}' of grain class {display} is a persistent state without a name; add [PersistentState(\"name\")]"));
                    return null;
                }

                var storageName = attribute.ConstructorArguments.Length > 1 ? attribute.ConstructorArguments[1].Value as string : null;
                var stateType = TypeNames.FullyQualified(((INamedTypeSymbol)parameter.Type).TypeArguments[0]);
                arguments.Add(new ConstructorArgumentModel(type, stateType, stateName, storageName));
            }
            else
            {
                arguments.Add(new ConstructorArgumentModel(type, null, null, null));
            }
        }

        return new GrainClassModel(
            TypeNames.FullyQualified(grainClass),
            display,
            grainClass.GetAttributes().Any(a => KnownSymbols.Is(a.AttributeClass, known.ReentrantAttribute)),
            new EquatableArray<string>(grainInterfaces.Select(i => TypeNames.GrainType(i, known)).Distinct()),
            new EquatableArray<ConstructorArgumentModel>(arguments));
    }

    private static bool DerivesFrom(INamedTypeSymbol type, INamedTypeSymbol baseType)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, baseType))
            {
                return true;
            }
        }

        return false;
    }
}
