namespace Coordination.Persistence.Elasticsearch;

/// <summary>
/// One HTTP request to the cluster. <see cref="IsWrite"/> decides whether a lost answer leaves the outcome
/// unknown; <see cref="MediaType"/> overrides the negotiated media type (the version check needs plain JSON).
/// </summary>
internal sealed record ElasticsearchRequest(HttpMethod Method, string PathAndQuery, ReadOnlyMemory<byte>? Body, string Operation, bool IsWrite, string? MediaType = null);

/// <summary>An answer the caller interprets: any 2xx or 4xx except 429 (5xx and 429 never reach callers).</summary>
internal sealed record ElasticsearchResponse(int StatusCode, byte[] Body, ElasticsearchNode Node, bool IdentifiesAsElasticsearch)
{
    public bool IsSuccess => StatusCode is >= 200 and < 300;

    public ElasticsearchError Error => ElasticsearchError.Parse(Body);
}
