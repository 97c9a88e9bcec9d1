namespace Coordination.ElasticsearchEmulator.Mapping;

/// <summary>How the emulator treats a mapped field in queries, sorting and validation.</summary>
internal enum FieldKind
{
    Text,
    Keyword,
    Long,
    Double,
    Float,
    Date,
    Boolean,
    Object,
    Other,
}

internal enum DynamicMode
{
    True,
    False,
    Strict,
    Runtime,
}

/// <summary>A mapped field, flattened to its full dotted path. Multi-fields read their parent's source path.</summary>
internal sealed record FieldMapping(string Path, string SourcePath, FieldKind Kind, string TypeName)
{
    public int? IgnoreAbove { get; init; }

    public string? Format { get; init; }

    public bool IsMultiField { get; init; }

    public bool IsNumeric => Kind is FieldKind.Long or FieldKind.Double or FieldKind.Float;

    public static FieldKind KindOf(string typeName) => typeName switch
    {
        "text" or "match_only_text" or "search_as_you_type" => FieldKind.Text,
        "keyword" or "constant_keyword" or "wildcard" or "ip" or "version" => FieldKind.Keyword,
        "long" or "integer" or "short" or "byte" or "unsigned_long" => FieldKind.Long,
        "double" or "scaled_float" => FieldKind.Double,
        "float" or "half_float" => FieldKind.Float,
        "date" or "date_nanos" => FieldKind.Date,
        "boolean" => FieldKind.Boolean,
        "object" or "nested" => FieldKind.Object,
        _ => FieldKind.Other,
    };

    public static bool IsKnownType(string typeName) => KindOf(typeName) != FieldKind.Other || typeName is
        "flattened" or "binary" or "geo_point" or "geo_shape" or "point" or "shape" or "dense_vector" or "sparse_vector"
        or "rank_feature" or "rank_features" or "alias" or "completion" or "token_count" or "murmur3" or "histogram"
        or "integer_range" or "long_range" or "float_range" or "double_range" or "date_range" or "ip_range"
        or "aggregate_metric_double" or "semantic_text" or "join" or "percolator";
}
