using System.Text.Json;

namespace Coordination.ElasticsearchEmulator;

/// <summary>A property of a <see cref="LocatedJson"/> object, with the position of its name.</summary>
internal sealed record LocatedProperty(string Name, long NameOffset, LocatedJson Value);

/// <summary>
/// A JSON tree that remembers where each token started, so query-DSL errors can carry Elasticsearch's
/// <c>line</c>/<c>col</c> and <c>[line:col]</c> positions.
/// </summary>
internal sealed class LocatedJson
{
    private LocatedJson(JsonValueKind kind, long offset)
    {
        Kind = kind;
        Offset = offset;
    }

    public JsonValueKind Kind { get; }

    public long Offset { get; }

    public List<LocatedProperty> Properties { get; } = [];

    public List<LocatedJson> Items { get; } = [];

    /// <summary>The value itself (scalars; containers carry it too, for convenience).</summary>
    public JsonElement Element { get; private set; }

    public bool IsObject => Kind == JsonValueKind.Object;

    public LocatedJson? this[string name] => Properties.Find(p => p.Name == name)?.Value;

    public static LocatedJson Parse(ReadOnlyMemory<byte> body)
    {
        var reader = new Utf8JsonReader(body.Span, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            if (!reader.Read())
            {
                throw JsonBody.RequestBodyRequired();
            }

            var root = Read(ref reader, body);
            return root;
        }
        catch (JsonException e)
        {
            throw JsonBody.Malformed(e);
        }
    }

    private static LocatedJson Read(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body)
    {
        var start = reader.TokenStartIndex;
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var obj = new LocatedJson(JsonValueKind.Object, start);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var nameOffset = reader.TokenStartIndex;
                    var name = reader.GetString()!;
                    reader.Read();
                    obj.Properties.Add(new LocatedProperty(name, nameOffset, Read(ref reader, body)));
                }

                obj.Element = Slice(body, start, reader.BytesConsumed);
                return obj;
            case JsonTokenType.StartArray:
                var array = new LocatedJson(JsonValueKind.Array, start);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    array.Items.Add(Read(ref reader, body));
                }

                array.Element = Slice(body, start, reader.BytesConsumed);
                return array;
            default:
                var scalar = new LocatedJson(ToKind(reader.TokenType), start);
                scalar.Element = JsonElement.ParseValue(ref reader);
                return scalar;
        }
    }

    private static JsonElement Slice(ReadOnlyMemory<byte> body, long start, long end)
    {
        var reader = new Utf8JsonReader(body.Span[(int)start..(int)end]);
        return JsonElement.ParseValue(ref reader);
    }

    private static JsonValueKind ToKind(JsonTokenType token) => token switch
    {
        JsonTokenType.String => JsonValueKind.String,
        JsonTokenType.Number => JsonValueKind.Number,
        JsonTokenType.True => JsonValueKind.True,
        JsonTokenType.False => JsonValueKind.False,
        _ => JsonValueKind.Null,
    };

    public string TokenName => JsonBody.TokenName(Kind);
}
