namespace Coordination.CodeGen.Model;

/// <summary>How one type is written to and read from the grain wire format.</summary>
internal enum CodecKind
{
    Primitive,
    Enum,
    Nullable,
    Array,
    List,
    Dictionary,
    GrainReference,
    Object,
}

/// <summary>
/// A codec for one type. Components are referenced by codec id, so recursive types are fine.
/// <paramref name="Primitive"/> names the CodecWriter/CodecReader method suffix for primitives.
/// </summary>
internal sealed record TypeCodecModel(
    string Id,
    string Type,
    CodecKind Kind,
    string? Primitive,
    string? ElementId,
    string? ElementType,
    string? KeyId,
    string? KeyType,
    bool IsReferenceType,
    bool IsSealed,
    string? EnumUnderlyingType,
    string? ConstructedType,
    EquatableArray<MemberModel> ConstructorMembers,
    EquatableArray<MemberModel> InitializerMembers);

/// <summary>A property serialized as part of an object.</summary>
internal sealed record MemberModel(string PropertyName, string Type, string CodecId, bool IsNonNullableReference);
