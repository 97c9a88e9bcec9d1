using System.Collections.Generic;
using System.Linq;
using Coordination.CodeGen.Model;

namespace Coordination.CodeGen.Emit;

/// <summary>Emits one static write/read pair per type that crosses a grain boundary.</summary>
internal static class CodecEmitter
{
    public static string Emit(IEnumerable<TypeCodecModel> codecs)
    {
        var w = SourceWriter.File();
        w.Open($"namespace {Names.Namespace}");
        w.Line(Names.GeneratedCode);
        w.Open("internal static class CoordinationCodecs");
        var first = true;
        foreach (var codec in codecs.OrderBy(c => c.Id, System.StringComparer.Ordinal))
        {
            if (!first)
            {
                w.Line();
            }

            first = false;
            EmitCodec(w, codec);
        }

        w.Close();
        w.Close();
        return w.ToString();
    }

    private static void EmitCodec(SourceWriter w, TypeCodecModel codec)
    {
        var type = codec.IsReferenceType ? codec.Type + "?" : codec.Type;
        w.Open($"public static void Write_{codec.Id}(ref {Names.Writer} writer, {type} value)");
        EmitWrite(w, codec);
        w.Close();
        w.Line();
        w.Open($"public static {type} Read_{codec.Id}(ref {Names.Reader} reader)");
        EmitRead(w, codec);
        w.Close();
    }

    private static void EmitWrite(SourceWriter w, TypeCodecModel codec)
    {
        switch (codec.Kind)
        {
            case CodecKind.Primitive:
                w.Line($"writer.Write{codec.Primitive}(value);");
                break;
            case CodecKind.Enum:
                w.Line("writer.WriteInt64(unchecked((long)value));");
                break;
            case CodecKind.Nullable:
                w.Line("writer.WriteBoolean(value.HasValue);");
                w.Open("if (value.HasValue)");
                w.Line($"Write_{codec.ElementId}(ref writer, value.GetValueOrDefault());");
                w.Close();
                break;
            case CodecKind.Array:
            case CodecKind.List:
                w.Open("if (value is null)");
                w.Line("writer.WriteCount(-1);");
                w.Line("return;");
                w.Close();
                w.Line();
                w.Line($"var items = value as global::System.Collections.Generic.IReadOnlyCollection<{codec.ElementType}> ?? global::System.Linq.Enumerable.ToList(value);");
                w.Line("writer.WriteCount(items.Count);");
                w.Open("foreach (var item in items)");
                w.Line($"Write_{codec.ElementId}(ref writer, item);");
                w.Close();
                break;
            case CodecKind.Dictionary:
                w.Open("if (value is null)");
                w.Line("writer.WriteCount(-1);");
                w.Line("return;");
                w.Close();
                w.Line();
                var pair = $"global::System.Collections.Generic.KeyValuePair<{codec.KeyType}, {codec.ElementType}>";
                w.Line($"var items = value as global::System.Collections.Generic.IReadOnlyCollection<{pair}> ?? global::System.Linq.Enumerable.ToList(value);");
                w.Line("writer.WriteCount(items.Count);");
                w.Open("foreach (var item in items)");
                w.Line($"Write_{codec.KeyId}(ref writer, item.Key);");
                w.Line($"Write_{codec.ElementId}(ref writer, item.Value);");
                w.Close();
                break;
            case CodecKind.GrainReference:
                w.Line("writer.WriteGrainReference(value);");
                break;
            case CodecKind.Object:
                EmitObjectWrite(w, codec);
                break;
        }
    }

    private static void EmitObjectWrite(SourceWriter w, TypeCodecModel codec)
    {
        if (codec.IsReferenceType)
        {
            w.Open("if (value is null)");
            w.Line("writer.WriteBoolean(false);");
            w.Line("return;");
            w.Close();
            w.Line();
            if (!codec.IsSealed)
            {
                // Only the declared type's members are written; a subclass would silently lose data.
                w.Open($"if (value.GetType() != typeof({codec.Type}))");
                w.Line($"throw new {Names.CodecException}($\"A {{value.GetType().FullName}} was passed where {codec.Type.Replace("global::", string.Empty)} is declared; grain calls serialize only the declared type, so declare the concrete type.\");");
                w.Close();
                w.Line();
            }

            w.Line("writer.WriteBoolean(true);");
        }

        foreach (var member in codec.ConstructorMembers.Concat(codec.InitializerMembers))
        {
            w.Line($"Write_{member.CodecId}(ref writer, value.{member.PropertyName});");
        }
    }

    private static void EmitRead(SourceWriter w, TypeCodecModel codec)
    {
        switch (codec.Kind)
        {
            case CodecKind.Primitive:
                w.Line($"return reader.Read{codec.Primitive}();");
                break;
            case CodecKind.Enum:
                w.Line($"return unchecked(({codec.Type})({codec.EnumUnderlyingType})reader.ReadInt64());");
                break;
            case CodecKind.Nullable:
                w.Line($"return reader.ReadBoolean() ? Read_{codec.ElementId}(ref reader) : null;");
                break;
            case CodecKind.Array:
            case CodecKind.List:
                EmitSequenceRead(w, codec);
                break;
            case CodecKind.Dictionary:
                w.Line("var count = reader.ReadCount();");
                w.Open("if (count < 0)");
                w.Line("return null;");
                w.Close();
                w.Line();
                w.Line($"var result = new {codec.ConstructedType}(count);");
                w.Open("for (var i = 0; i < count; i++)");
                w.Line($"var key = Read_{codec.KeyId}(ref reader) ?? throw new {Names.CodecException}(\"A dictionary key is null.\");");
                w.Line($"result[key] = Read_{codec.ElementId}(ref reader)!;");
                w.Close();
                w.Line();
                w.Line("return result;");
                break;
            case CodecKind.GrainReference:
                w.Line($"return reader.ReadGrainReference<{codec.Type}>();");
                break;
            case CodecKind.Object:
                EmitObjectRead(w, codec);
                break;
        }
    }

    private static void EmitSequenceRead(SourceWriter w, TypeCodecModel codec)
    {
        w.Line("var count = reader.ReadCount();");
        w.Open("if (count < 0)");
        w.Line("return null;");
        w.Close();
        w.Line();
        var isJaggedArray = codec.Kind == CodecKind.Array && codec.ElementType!.EndsWith("]", System.StringComparison.Ordinal);
        if (codec.Kind == CodecKind.Array && !isJaggedArray)
        {
            w.Line($"var result = new {codec.ElementType}[count];");
            w.Open("for (var i = 0; i < count; i++)");
            w.Line($"result[i] = Read_{codec.ElementId}(ref reader)!;");
            w.Close();
            w.Line();
            w.Line("return result;");
            return;
        }

        w.Line($"var list = new global::System.Collections.Generic.List<{codec.ElementType}>(count);");
        w.Open("for (var i = 0; i < count; i++)");
        w.Line($"list.Add(Read_{codec.ElementId}(ref reader)!);");
        w.Close();
        w.Line();
        w.Line(codec.Kind == CodecKind.Array ? "return list.ToArray();" : "return list;");
    }

    private static void EmitObjectRead(SourceWriter w, TypeCodecModel codec)
    {
        if (codec.IsReferenceType)
        {
            w.Open("if (!reader.ReadBoolean())");
            w.Line("return null;");
            w.Close();
            w.Line();
        }

        var index = 0;
        foreach (var member in codec.ConstructorMembers.Concat(codec.InitializerMembers))
        {
            w.Line($"var m{index++} = Read_{member.CodecId}(ref reader);");
        }

        index = 0;
        var constructorArguments = string.Join(", ", codec.ConstructorMembers.Select(m => $"m{index++}{(m.IsNonNullableReference ? "!" : string.Empty)}"));
        var initializers = codec.InitializerMembers.Select(m => $"{m.PropertyName} = m{index++}{(m.IsNonNullableReference ? "!" : string.Empty)}").ToList();
        var initializer = initializers.Count == 0 ? string.Empty : $" {{ {string.Join(", ", initializers)} }}";
        w.Line($"return new {codec.Type}({constructorArguments}){initializer};");
    }
}
