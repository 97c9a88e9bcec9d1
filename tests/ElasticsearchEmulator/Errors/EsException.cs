using System.Text.Json;

namespace Coordination.ElasticsearchEmulator.Errors;

/// <summary>
/// A failure rendered as Elasticsearch's error envelope. Mirrors the Java side closely enough that the
/// envelope comes out right: <see cref="IsElasticsearchException"/> decides whether the failure can be a
/// <c>root_cause</c> (Elasticsearch only reports its own exception types there, never a plain Java
/// <c>IllegalArgumentException</c> nested under one).
/// </summary>
internal sealed class EsException : Exception
{
    private readonly List<KeyValuePair<string, object>> _metadata = [];

    public EsException(int status, string type, string reason, EsException? causedBy = null, bool isElasticsearchException = true)
        : base(reason)
    {
        Status = status;
        Type = type;
        CausedBy = causedBy;
        IsElasticsearchException = isElasticsearchException;
    }

    public int Status { get; }

    public string Type { get; }

    public string Reason => Message;

    public EsException? CausedBy { get; }

    /// <summary>False for plain Java exceptions (illegal_argument_exception, number_format_exception, ...).</summary>
    public bool IsElasticsearchException { get; }

    /// <summary>Metadata keys in the order Elasticsearch prints them (index_uuid, shard, index, ...).</summary>
    public IReadOnlyList<KeyValuePair<string, object>> Metadata => _metadata;

    /// <summary>Fields printed after the metadata (e.g. <c>phase</c>, <c>failed_shards</c> of a search failure).</summary>
    public Action<Utf8JsonWriter>? ExtraFields { get; init; }

    /// <summary>Overrides the computed root causes (search_phase_execution_exception reports its shard failures).</summary>
    public IReadOnlyList<EsException>? RootCausesOverride { get; init; }

    /// <summary>Response headers that Elasticsearch also echoes under <c>header</c> (security exceptions).</summary>
    public IReadOnlyList<KeyValuePair<string, string[]>>? Headers { get; init; }

    public EsException With(string key, object value)
    {
        _metadata.Add(new KeyValuePair<string, object>(key, value));
        return this;
    }

    /// <summary>Adds the shard-level metadata every engine exception carries.</summary>
    public EsException WithShard(string indexUuid, int shard, string index) =>
        With("index_uuid", indexUuid).With("shard", shard.ToString(System.Globalization.CultureInfo.InvariantCulture)).With("index", index);

    public IReadOnlyList<EsException> RootCauses()
    {
        if (RootCausesOverride is not null)
        {
            return RootCausesOverride;
        }

        if (!IsElasticsearchException)
        {
            return [this];
        }

        var current = this;
        while (current.CausedBy is { IsElasticsearchException: true } next)
        {
            current = next;
        }

        return [current];
    }
}
