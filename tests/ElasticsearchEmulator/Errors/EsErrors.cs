using System.Globalization;

namespace Coordination.ElasticsearchEmulator.Errors;

/// <summary>Builders for the failures the emulator reports, with Elasticsearch's exact types and wording.</summary>
internal static class EsErrors
{
    public static EsException IllegalArgument(string reason, EsException? causedBy = null) =>
        new(400, "illegal_argument_exception", reason, causedBy, isElasticsearchException: false);

    public static EsException NumberFormat(string input) =>
        new(400, "number_format_exception", $"For input string: \"{input}\"", isElasticsearchException: false);

    public static EsException Validation(IReadOnlyList<string> messages)
    {
        var text = new System.Text.StringBuilder("Validation Failed: ");
        for (var i = 0; i < messages.Count; i++)
        {
            text.Append(i + 1).Append(": ").Append(messages[i]).Append(';');
        }

        return new EsException(400, "action_request_validation_exception", text.ToString());
    }

    public static EsException Validation(string message) => Validation([message]);

    public static EsException Parse(string reason, EsException? causedBy = null) =>
        new(400, "parse_exception", reason, causedBy);

    /// <summary>XContentParseException is an IllegalArgumentException on the Java side, so never a root cause wrapper.</summary>
    public static EsException XContentParse(JsonLocation location, string reason, EsException? causedBy = null) =>
        new(400, "x_content_parse_exception", $"{location} {reason}", causedBy, isElasticsearchException: false);

    public static EsException ParsingException(JsonLocation location, string reason, EsException? causedBy = null) =>
        new EsException(400, "parsing_exception", reason, causedBy).With("line", location.Line).With("col", location.Column);

    public static EsException IndexNotFound(string index, string resourceType = "index_expression") =>
        new EsException(404, "index_not_found_exception", $"no such index [{index}]")
            .With("resource.type", resourceType)
            .With("resource.id", index)
            .With("index_uuid", "_na_")
            .With("index", index);

    public static EsException IndexNotFound(string index, string reason, string resourceType) =>
        new EsException(404, "index_not_found_exception", reason)
            .With("resource.type", resourceType)
            .With("resource.id", index)
            .With("index_uuid", "_na_")
            .With("index", index);

    public static EsException VersionConflict(string index, string indexUuid, int shard, string id, string explanation) =>
        new EsException(409, "version_conflict_engine_exception", $"[{id}]: version conflict, {explanation}")
            .WithShard(indexUuid, shard, index);

    public static EsException DocumentMissing(string index, string indexUuid, int shard, string id) =>
        new EsException(404, "document_missing_exception", $"[{id}]: document missing").WithShard(indexUuid, shard, index);

    public static EsException ResourceNotFound(string reason) => new(404, "resource_not_found_exception", reason);

    public static EsException ResourceAlreadyExists(string index, string indexUuid) =>
        new EsException(400, "resource_already_exists_exception", $"index [{index}/{indexUuid}] already exists")
            .With("index_uuid", indexUuid)
            .With("index", index);

    public static EsException InvalidIndexName(string index, string description) =>
        new EsException(400, "invalid_index_name_exception", $"Invalid index name [{index}], {description}")
            .With("index_uuid", "_na_")
            .With("index", index);

    public static EsException DocumentParsing(JsonLocation location, string reason, EsException? causedBy = null) =>
        new(400, "document_parsing_exception", $"{location} {reason}", causedBy);

    public static EsException StrictDynamicMapping(JsonLocation location, string field, string parent) =>
        new(400, "strict_dynamic_mapping_exception", $"{location} mapping set to strict, dynamic introduction of [{field}] within [{parent}] is not allowed");

    public static EsException Timeout(string message) => new(408, "timeout_exception", message);

    public static string Long(long value) => value.ToString(CultureInfo.InvariantCulture);
}
