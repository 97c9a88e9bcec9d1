using System.Text.Json;
using System.Text.Json.Serialization;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>
/// A document whose JSON is already written (grain state, membership tables), sent by the client as it is: the
/// client's source serializer would otherwise parse it and write it again on every write.
/// </summary>
[JsonConverter(typeof(RawJsonDocumentConverter))]
internal readonly record struct RawJsonDocument(ReadOnlyMemory<byte> Utf8Json);

internal sealed class RawJsonDocumentConverter : JsonConverter<RawJsonDocument>
{
    public override RawJsonDocument Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return new RawJsonDocument(JsonSerializer.SerializeToUtf8Bytes(document.RootElement));
    }

    // Our own serializers wrote it, so it is valid JSON; validating it again would cost a parse per write.
    public override void Write(Utf8JsonWriter writer, RawJsonDocument value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Utf8Json.Span, skipInputValidation: true);
}
