using System.Text.Json;
using Coordination.ElasticsearchEmulator.Errors;

namespace Coordination.ElasticsearchEmulator;

/// <summary>A top-level property of a request body, with positions for Elasticsearch-style <c>[line:col]</c> errors.</summary>
internal readonly record struct BodyField(string Name, JsonElement Value, long NameOffset, long ValueOffset);

/// <summary>Reads request bodies into properties while keeping token positions.</summary>
internal static class JsonBody
{
    public static EsException RequestBodyRequired() => EsErrors.Parse("request body is required");

    /// <summary>Parses an object body; throws x_content_parse_exception for malformed JSON or a non-object root.</summary>
    public static List<BodyField> ReadObject(ReadOnlyMemory<byte> body, string objectName)
    {
        var fields = new List<BodyField>();
        var reader = new Utf8JsonReader(body.Span, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            if (!reader.Read())
            {
                throw RequestBodyRequired();
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw EsErrors.XContentParse(JsonLocation.Of(body.Span, reader.TokenStartIndex), $"[{objectName}] Expected START_OBJECT but was: {TokenName(reader.TokenType)}");
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var nameOffset = reader.TokenStartIndex;
                var name = reader.GetString()!;
                reader.Read();
                var valueOffset = reader.TokenStartIndex;
                var value = JsonElement.ParseValue(ref reader);
                fields.Add(new BodyField(name, value, nameOffset, valueOffset));
            }
        }
        catch (JsonException e)
        {
            throw Malformed(e);
        }

        return fields;
    }

    /// <summary>Parses any JSON value; malformed input becomes the Elasticsearch parse failure.</summary>
    public static JsonElement ReadValue(ReadOnlyMemory<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body.Span, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            return JsonElement.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            throw Malformed(e);
        }
    }

    public static EsException Malformed(JsonException e)
    {
        var location = new JsonLocation((int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1);
        return EsErrors.XContentParse(location, "Failed to parse object: " + e.Message.Split(" LineNumber:")[0],
            new EsException(400, "json_parse_exception", e.Message, isElasticsearchException: false));
    }

    public static EsException UnknownField(ReadOnlySpan<byte> body, BodyField field, string objectName) =>
        EsErrors.XContentParse(JsonLocation.Of(body, field.NameOffset), $"[{objectName}] unknown field [{field.Name}]");

    public static EsException FailedToParseField(ReadOnlySpan<byte> body, BodyField field, string objectName, EsException? cause = null) =>
        EsErrors.XContentParse(JsonLocation.Of(body, field.ValueOffset), $"[{objectName}] failed to parse field [{field.Name}]", cause);

    public static string TokenName(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "START_OBJECT",
        JsonTokenType.StartArray => "START_ARRAY",
        JsonTokenType.String => "VALUE_STRING",
        JsonTokenType.Number => "VALUE_NUMBER",
        JsonTokenType.True or JsonTokenType.False => "VALUE_BOOLEAN",
        JsonTokenType.Null => "VALUE_NULL",
        _ => token.ToString().ToUpperInvariant(),
    };

    public static string TokenName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "START_OBJECT",
        JsonValueKind.Array => "START_ARRAY",
        JsonValueKind.String => "VALUE_STRING",
        JsonValueKind.Number => "VALUE_NUMBER",
        JsonValueKind.True or JsonValueKind.False => "VALUE_BOOLEAN",
        _ => "VALUE_NULL",
    };

    /// <summary>Reads a boolean the way Elasticsearch's object parsers do (true/false or their string forms).</summary>
    public static bool? AsBool(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String when value.GetString() == "true" => true,
        JsonValueKind.String when value.GetString() == "false" => false,
        _ => null,
    };

    public static long? AsLong(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number))
        {
            return number;
        }

        if (value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out number))
        {
            return number;
        }

        return null;
    }

    /// <summary>A string or a list of strings (Elasticsearch accepts both for list fields).</summary>
    public static List<string>? AsStringList(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return [value.GetString()!];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var list = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            list.Add(item.GetString()!);
        }

        return list;
    }
}
