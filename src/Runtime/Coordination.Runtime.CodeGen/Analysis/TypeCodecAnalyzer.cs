using System;
using System.Collections.Generic;
using System.Linq;
using Coordination.CodeGen.Model;
using Microsoft.CodeAnalysis;

namespace Coordination.CodeGen.Analysis;

/// <summary>
/// Works out, for each type that crosses a grain boundary, how the generated codec writes and reads it,
/// or why it cannot. Codecs are collected by id; a type being analysed is assumed fine, so recursive
/// types terminate.
/// </summary>
internal sealed class TypeCodecAnalyzer
{
    private readonly KnownSymbols _known;
    private readonly IAssemblySymbol _assembly;
    private readonly Compilation _compilation;
    private readonly HashSet<string> _inProgress = new(StringComparer.Ordinal);

    public TypeCodecAnalyzer(KnownSymbols known, Compilation compilation)
    {
        _known = known;
        _compilation = compilation;
        _assembly = compilation.Assembly;
    }

    public Dictionary<string, TypeCodecModel> Codecs { get; } = new(StringComparer.Ordinal);

    /// <summary>Returns the codec id of <paramref name="type"/>, or null with the reason it cannot be serialized.</summary>
    public string? Analyze(ITypeSymbol type, out string? error)
    {
        error = null;
        var key = TypeNames.CodecKey(type);
        var id = TypeNames.Identifier(key);
        if (Codecs.ContainsKey(id) || _inProgress.Contains(id))
        {
            return id;
        }

        _inProgress.Add(id);
        try
        {
            var model = Build(type, id, key, out error);
            if (model is null)
            {
                return null;
            }

            Codecs[id] = model;
            return id;
        }
        finally
        {
            _inProgress.Remove(id);
        }
    }

    private TypeCodecModel? Build(ITypeSymbol type, string id, string key, out string? error)
    {
        error = null;
        if (PrimitiveName(type) is { } primitive)
        {
            return Simple(id, key, CodecKind.Primitive, type, primitive: primitive);
        }

        switch (type)
        {
            case ITypeParameterSymbol:
                error = "a type parameter's concrete type is unknown at compile time";
                return null;
            case IDynamicTypeSymbol:
                error = "dynamic has no fixed shape";
                return null;
            case IPointerTypeSymbol or IFunctionPointerTypeSymbol:
                error = "pointers cannot leave the process";
                return null;
            case IArrayTypeSymbol array:
                return array.Rank != 1
                    ? Fail("only single-dimensional arrays are supported", out error)
                    : Element(id, key, CodecKind.Array, type, array.ElementType, TypeNames.FullyQualified(array.ElementType) + "[]", out error);
        }

        if (type is not INamedTypeSymbol named)
        {
            return Fail("it is not a named type", out error);
        }

        if (named.TypeKind == TypeKind.Enum)
        {
            return Simple(id, key, CodecKind.Enum, type, enumUnderlying: named.EnumUnderlyingType!.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
        }

        if (named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
        {
            return Element(id, key, CodecKind.Nullable, type, named.TypeArguments[0], null, out error);
        }

        if (IsListLike(named))
        {
            var element = named.TypeArguments[0];
            return Element(id, key, CodecKind.List, type, element, $"global::System.Collections.Generic.List<{TypeNames.FullyQualified(element)}>", out error);
        }

        if (IsDictionaryLike(named))
        {
            return Dictionary(id, key, named, out error);
        }

        if (_known.IsGrainInterface(named))
        {
            return Simple(id, key, CodecKind.GrainReference, type);
        }

        return ObjectCodec(id, key, named, out error);
    }

    private TypeCodecModel? ObjectCodec(string id, string key, INamedTypeSymbol type, out string? error)
    {
        error = null;
        if (type.SpecialType == SpecialType.System_Object)
        {
            return Fail("object has no fixed shape; use a concrete record or class", out error);
        }

        if (type.TypeKind == TypeKind.Interface)
        {
            return Fail("only grain interfaces and collection interfaces can cross a grain boundary; use a concrete record or class", out error);
        }

        if (type.TypeKind == TypeKind.Delegate)
        {
            return Fail("delegates cannot leave the process", out error);
        }

        if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct))
        {
            return Fail($"a {type.TypeKind} cannot be serialized", out error);
        }

        if (type.IsAbstract)
        {
            return Fail("it is abstract, and only the declared type is serialized; use a concrete type", out error);
        }

        if (!_compilation.IsSymbolAccessibleWithin(type, _assembly))
        {
            return Fail("it is not accessible from this assembly", out error);
        }

        var properties = SerializableProperties(type);
        var constructor = ChooseConstructor(type, properties);
        if (constructor is null)
        {
            return Fail("it needs a public parameterless constructor, or a public constructor whose parameters all match public properties by name and type", out error);
        }

        var constructorMembers = new List<MemberModel>();
        var covered = new HashSet<IPropertySymbol>(SymbolEqualityComparer.Default);
        foreach (var parameter in constructor.Parameters)
        {
            var property = MatchProperty(parameter, properties)!;
            covered.Add(property);
            var member = Member(type, property, out error);
            if (member is null)
            {
                return null;
            }

            constructorMembers.Add(member);
        }

        var initializerMembers = new List<MemberModel>();
        foreach (var property in properties.Where(p => !covered.Contains(p) && p.SetMethod is { } setter && IsAccessible(setter)))
        {
            var member = Member(type, property, out error);
            if (member is null)
            {
                return null;
            }

            initializerMembers.Add(member);
        }

        return new TypeCodecModel(
            id,
            key,
            CodecKind.Object,
            Primitive: null,
            ElementId: null,
            ElementType: null,
            KeyId: null,
            KeyType: null,
            IsReferenceType: type.IsReferenceType,
            IsSealed: type.IsSealed || type.IsValueType,
            EnumUnderlyingType: null,
            ConstructedType: null,
            new EquatableArray<MemberModel>(constructorMembers),
            new EquatableArray<MemberModel>(initializerMembers));
    }

    private MemberModel? Member(INamedTypeSymbol owner, IPropertySymbol property, out string? error)
    {
        var codecId = Analyze(property.Type, out error);
        if (codecId is null)
        {
            error = $"its property {owner.Name}.{property.Name} has type '{TypeNames.Display(property.Type)}': {error}";
            return null;
        }

        return new MemberModel(property.Name, TypeNames.FullyQualified(property.Type), codecId, IsNonNullableReference(property.Type));
    }

    private List<IPropertySymbol> SerializableProperties(INamedTypeSymbol type)
    {
        var result = new List<IPropertySymbol>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object && current.SpecialType != SpecialType.System_ValueType; current = current.BaseType)
        {
            foreach (var property in current.GetMembers().OfType<IPropertySymbol>())
            {
                if (property.IsStatic || property.IsIndexer || property.GetMethod is null || !IsAccessible(property.GetMethod)
                    || property.Name == "EqualityContract" || !seen.Add(property.Name))
                {
                    continue;
                }

                result.Add(property);
            }
        }

        return result;
    }

    private IMethodSymbol? ChooseConstructor(INamedTypeSymbol type, List<IPropertySymbol> properties)
    {
        var candidates = type.InstanceConstructors
            .Where(c => IsAccessible(c) && !IsCopyConstructor(type, c))
            .OrderByDescending(c => c.Parameters.Length)
            .ToList();
        foreach (var constructor in candidates)
        {
            if (constructor.Parameters.All(p => p.RefKind == RefKind.None && MatchProperty(p, properties) is not null))
            {
                return constructor;
            }
        }

        // A struct always has a parameterless constructor, even when none is declared.
        return type.IsValueType ? type.InstanceConstructors.FirstOrDefault(c => c.Parameters.Length == 0) : null;
    }

    private static bool IsCopyConstructor(INamedTypeSymbol type, IMethodSymbol constructor) =>
        constructor.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(constructor.Parameters[0].Type, type);

    private static IPropertySymbol? MatchProperty(IParameterSymbol parameter, List<IPropertySymbol> properties) =>
        properties.FirstOrDefault(p =>
            string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase)
            && SymbolEqualityComparer.Default.Equals(p.Type.WithNullableAnnotation(NullableAnnotation.None), parameter.Type.WithNullableAnnotation(NullableAnnotation.None)));

    private bool IsAccessible(ISymbol symbol) => _compilation.IsSymbolAccessibleWithin(symbol, _assembly);

    private TypeCodecModel? Element(string id, string key, CodecKind kind, ITypeSymbol type, ITypeSymbol element, string? constructed, out string? error)
    {
        var elementId = Analyze(element, out error);
        if (elementId is null)
        {
            error = $"its element type '{TypeNames.Display(element)}' cannot be serialized: {error}";
            return null;
        }

        return new TypeCodecModel(
            id, key, kind, null, elementId, TypeNames.FullyQualified(element), null, null,
            type.IsReferenceType, IsSealed: true, null, constructed, EquatableArray<MemberModel>.Empty, EquatableArray<MemberModel>.Empty);
    }

    private TypeCodecModel? Dictionary(string id, string key, INamedTypeSymbol type, out string? error)
    {
        var keyType = type.TypeArguments[0];
        var valueType = type.TypeArguments[1];
        var keyId = Analyze(keyType, out error);
        if (keyId is null)
        {
            error = $"its key type '{TypeNames.Display(keyType)}' cannot be serialized: {error}";
            return null;
        }

        var valueId = Analyze(valueType, out error);
        if (valueId is null)
        {
            error = $"its value type '{TypeNames.Display(valueType)}' cannot be serialized: {error}";
            return null;
        }

        var constructed = $"global::System.Collections.Generic.Dictionary<{TypeNames.FullyQualified(keyType)}, {TypeNames.FullyQualified(valueType)}>";
        return new TypeCodecModel(
            id, key, CodecKind.Dictionary, null, valueId, TypeNames.FullyQualified(valueType), keyId, TypeNames.FullyQualified(keyType),
            IsReferenceType: true, IsSealed: true, null, constructed, EquatableArray<MemberModel>.Empty, EquatableArray<MemberModel>.Empty);
    }

    private static TypeCodecModel Simple(string id, string key, CodecKind kind, ITypeSymbol type, string? primitive = null, string? enumUnderlying = null) =>
        new(id, key, kind, primitive, null, null, null, null, type.IsReferenceType, IsSealed: true, enumUnderlying, null,
            EquatableArray<MemberModel>.Empty, EquatableArray<MemberModel>.Empty);

    private static TypeCodecModel? Fail(string reason, out string? error)
    {
        error = reason;
        return null;
    }

    private bool IsListLike(INamedTypeSymbol type) =>
        KnownSymbols.IsDefinition(type, _known.List)
        || KnownSymbols.IsDefinition(type, _known.IList)
        || KnownSymbols.IsDefinition(type, _known.ICollection)
        || KnownSymbols.IsDefinition(type, _known.IEnumerable)
        || KnownSymbols.IsDefinition(type, _known.IReadOnlyList)
        || KnownSymbols.IsDefinition(type, _known.IReadOnlyCollection);

    private bool IsDictionaryLike(INamedTypeSymbol type) =>
        KnownSymbols.IsDefinition(type, _known.Dictionary)
        || KnownSymbols.IsDefinition(type, _known.IDictionary)
        || KnownSymbols.IsDefinition(type, _known.IReadOnlyDictionary);

    public static bool IsNonNullableReference(ITypeSymbol type) =>
        type.IsReferenceType && type.NullableAnnotation != NullableAnnotation.Annotated;

    private string? PrimitiveName(ITypeSymbol type)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean: return "Boolean";
            case SpecialType.System_Byte: return "Byte";
            case SpecialType.System_SByte: return "SByte";
            case SpecialType.System_Int16: return "Int16";
            case SpecialType.System_UInt16: return "UInt16";
            case SpecialType.System_Int32: return "Int32";
            case SpecialType.System_UInt32: return "UInt32";
            case SpecialType.System_Int64: return "Int64";
            case SpecialType.System_UInt64: return "UInt64";
            case SpecialType.System_Single: return "Single";
            case SpecialType.System_Double: return "Double";
            case SpecialType.System_Decimal: return "Decimal";
            case SpecialType.System_Char: return "Char";
            case SpecialType.System_String: return "String";
            case SpecialType.System_DateTime: return "DateTime";
        }

        if (type is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Byte })
        {
            return "Bytes";
        }

        if (KnownSymbols.Is(type, _known.Guid))
        {
            return "Guid";
        }

        if (KnownSymbols.Is(type, _known.TimeSpan))
        {
            return "TimeSpan";
        }

        return KnownSymbols.Is(type, _known.DateTimeOffset) ? "DateTimeOffset" : null;
    }
}
