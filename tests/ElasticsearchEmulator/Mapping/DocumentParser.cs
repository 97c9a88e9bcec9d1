using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coordination.ElasticsearchEmulator.Errors;

namespace Coordination.ElasticsearchEmulator.Mapping;

/// <summary>
/// Walks a document source against the mapping, the way Elasticsearch's DocumentParser does before any engine
/// work: rejects values a mapped field cannot take, and collects the fields dynamic mapping would add.
/// </summary>
internal sealed class DocumentParser
{
    private static readonly HashSet<string> MetadataFields =
    [
        "_id", "_index", "_source", "_routing", "_version", "_seq_no", "_primary_term", "_field_names", "_ignored",
        "_tier", "_data_stream_timestamp", "_feature", "_nested_path", "_doc_count", "_ignored_source",
    ];

    private readonly byte[] _source;
    private readonly MappingSnapshot _mapping;
    private readonly string _id;
    private readonly Dictionary<string, FieldMapping> _added = new(StringComparer.Ordinal);
    private readonly List<DynamicField> _newFields = [];

    private DocumentParser(byte[] source, MappingSnapshot mapping, string id)
    {
        _source = source;
        _mapping = mapping;
        _id = id;
    }

    /// <summary>Returns the dynamic fields the document introduces (empty when none); throws on a rejected value.</summary>
    public static IReadOnlyList<DynamicField> Parse(byte[] source, MappingSnapshot mapping, string id)
    {
        var parser = new DocumentParser(source, mapping, id);
        var reader = new Utf8JsonReader(source, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw EsErrors.DocumentParsing(parser.Location(reader.TokenStartIndex), "failed to parse: Malformed content, must start with an object");
            }

            parser.ParseObject(ref reader, string.Empty, isRoot: true);
            if (reader.Read())
            {
                throw EsErrors.DocumentParsing(parser.Location(reader.TokenStartIndex), "failed to parse: Malformed content, found extra data after parsing: " + reader.TokenType.ToString().ToUpperInvariant());
            }
        }
        catch (JsonException e)
        {
            var location = new JsonLocation((int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1);
            throw EsErrors.DocumentParsing(location, "failed to parse", new EsException(400, "json_parse_exception", e.Message, isElasticsearchException: false));
        }

        return parser._newFields;
    }

    private JsonLocation Location(long offset) => JsonLocation.Of(_source, offset);

    private void ParseObject(ref Utf8JsonReader reader, string prefix, bool isRoot)
    {
        var objectPath = prefix.Length == 0 ? string.Empty : prefix[..^1];
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var nameOffset = reader.TokenStartIndex;
            var name = reader.GetString()!;
            if (name.Length == 0)
            {
                throw EsErrors.DocumentParsing(Location(nameOffset), "failed to parse: field name cannot be an empty string");
            }

            if (isRoot && MetadataFields.Contains(name))
            {
                throw EsErrors.DocumentParsing(Location(nameOffset), $"Field [{name}] is a metadata field and cannot be added inside a document. Use the index API request parameters.");
            }

            reader.Read();
            ParseValue(ref reader, prefix + name, objectPath, name);
        }
    }

    private void ParseValue(ref Utf8JsonReader reader, string path, string parentPath, string leafName)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartArray:
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    ParseValue(ref reader, path, parentPath, leafName);
                }

                return;
            case JsonTokenType.Null:
                return;
        }

        var field = Lookup(path);
        if (field is null)
        {
            CheckParentsAreObjects(reader, path);
            switch (_mapping.DynamicFor(parentPath))
            {
                case DynamicMode.Strict:
                    throw EsErrors.StrictDynamicMapping(Location(reader.TokenStartIndex), leafName, parentPath.Length == 0 ? "_doc" : parentPath);
                case DynamicMode.False:
                case DynamicMode.Runtime:
                    reader.Skip();
                    return;
            }

            field = AddDynamic(ref reader, path);
            if (field is null)
            {
                return;
            }
        }

        if (reader.TokenType == JsonTokenType.StartObject)
        {
            if (field.Kind == FieldKind.Object)
            {
                ParseObject(ref reader, path + ".", isRoot: false);
                return;
            }

            if (field.Kind == FieldKind.Other)
            {
                reader.Skip();
                return;
            }

            var offset = reader.TokenStartIndex;
            var preview = JavaText(JsonElement.ParseValue(ref reader));
            throw FieldFailure(offset, field, preview, null);
        }

        CheckScalar(reader, field);
    }

    private FieldMapping? Lookup(string path) =>
        _added.TryGetValue(path, out var added) ? added : _mapping.Find(path);

    private void CheckParentsAreObjects(Utf8JsonReader reader, string path)
    {
        var dot = path.IndexOf('.');
        while (dot > 0)
        {
            var parent = path[..dot];
            if (Lookup(parent) is { } mapped && mapped.Kind != FieldKind.Object)
            {
                throw EsErrors.DocumentParsing(Location(reader.TokenStartIndex),
                    $"Could not dynamically add mapping for field [{path}]. Existing mapping for [{parent}] must be of type object but found [{mapped.TypeName}].");
            }

            dot = path.IndexOf('.', dot + 1);
        }
    }

    private FieldMapping? AddDynamic(ref Utf8JsonReader reader, string path)
    {
        JsonObject definition;
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                return Register(path, "object", new JsonObject());
            case JsonTokenType.String:
                var text = reader.GetString()!;
                if (_mapping.DateDetection && DateParsing.DetectsAsDate(text, out var format))
                {
                    definition = new JsonObject { ["type"] = "date" };
                    if (format is not null)
                    {
                        definition["format"] = format;
                    }

                    return Register(path, "date", definition, format);
                }

                if (_mapping.NumericDetection && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                {
                    var integral = long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);
                    return Register(path, integral ? "long" : "float", new JsonObject { ["type"] = integral ? "long" : "float" });
                }

                definition = new JsonObject
                {
                    ["type"] = "text",
                    ["fields"] = new JsonObject { ["keyword"] = new JsonObject { ["type"] = "keyword", ["ignore_above"] = 256 } },
                };
                var textField = Register(path, "text", definition);
                _added[path + ".keyword"] = new FieldMapping(path + ".keyword", path, FieldKind.Keyword, "keyword") { IgnoreAbove = 256, IsMultiField = true };
                return textField;
            case JsonTokenType.Number:
                var isIntegral = reader.TryGetInt64(out _);
                return Register(path, isIntegral ? "long" : "float", new JsonObject { ["type"] = isIntegral ? "long" : "float" });
            case JsonTokenType.True:
            case JsonTokenType.False:
                return Register(path, "boolean", new JsonObject { ["type"] = "boolean" });
            default:
                return null;
        }
    }

    private FieldMapping Register(string path, string type, JsonObject definition, string? format = null)
    {
        var field = new FieldMapping(path, path, FieldMapping.KindOf(type), type) { Format = format };
        _added[path] = field;
        _newFields.Add(new DynamicField(path, definition));
        return field;
    }

    private void CheckScalar(Utf8JsonReader reader, FieldMapping field)
    {
        var offset = reader.TokenStartIndex;
        var token = reader.TokenType;
        var text = token == JsonTokenType.String ? reader.GetString()! : System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
        switch (field.Kind)
        {
            case FieldKind.Object:
                throw EsErrors.DocumentParsing(Location(offset), $"object mapping for [{field.Path}] tried to parse field [{field.Path.Split('.')[^1]}] as object, but found a concrete value");
            case FieldKind.Long or FieldKind.Double or FieldKind.Float:
                if (token == JsonTokenType.Number)
                {
                    return;
                }

                if (token == JsonTokenType.String && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                {
                    return;
                }

                throw FieldFailure(offset, field, text, token == JsonTokenType.String
                    ? EsErrors.IllegalArgument($"For input string: \"{text}\"")
                    : EsErrors.IllegalArgument($"Current token ({TokenName(token)}) not numeric, can not use numeric value accessors"));
            case FieldKind.Boolean:
                if (token is JsonTokenType.True or JsonTokenType.False)
                {
                    return;
                }

                if (token == JsonTokenType.String && text is "true" or "false" or "")
                {
                    return;
                }

                throw FieldFailure(offset, field, text, token == JsonTokenType.String
                    ? EsErrors.IllegalArgument($"Failed to parse value [{text}] as only [true] or [false] are allowed.")
                    : EsErrors.IllegalArgument($"Current token ({TokenName(token)}) not of boolean type"));
            case FieldKind.Date:
                if (DateParsing.TryParse(text, field.Format, out _))
                {
                    return;
                }

                throw FieldFailure(offset, field, text,
                    EsErrors.IllegalArgument($"failed to parse date field [{text}] with format [{field.Format ?? DateParsing.DefaultFormat}]"));
        }
    }

    private EsException FieldFailure(long offset, FieldMapping field, string preview, EsException? cause) =>
        EsErrors.DocumentParsing(Location(offset),
            $"failed to parse field [{field.Path}] of type [{field.TypeName}] in document with id '{_id}'. Preview of field's value: '{preview}'", cause);

    private static string TokenName(JsonTokenType token) => token switch
    {
        JsonTokenType.True => "VALUE_TRUE",
        JsonTokenType.False => "VALUE_FALSE",
        JsonTokenType.Number => "VALUE_NUMBER_INT",
        JsonTokenType.String => "VALUE_STRING",
        _ => token.ToString().ToUpperInvariant(),
    };

    /// <summary>Java's Map/List toString, which Elasticsearch uses for value previews.</summary>
    private static string JavaText(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "{" + string.Join(", ", element.EnumerateObject().Select(p => p.Name + "=" + JavaText(p.Value))) + "}",
        JsonValueKind.Array => "[" + string.Join(", ", element.EnumerateArray().Select(JavaText)) + "]",
        JsonValueKind.String => element.GetString()!,
        JsonValueKind.Null => "null",
        _ => element.GetRawText(),
    };
}
