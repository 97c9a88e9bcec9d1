namespace Coordination.ElasticsearchEmulator.Http;

/// <summary>A response computed by a handler; the pipeline decides whether (and when) it reaches the client.</summary>
internal sealed class EsResponse
{
    public EsResponse(int status, byte[]? body)
    {
        Status = status;
        Body = body;
    }

    public int Status { get; }

    public byte[]? Body { get; }

    /// <summary>True for bodies that are JSON (everything except the raw <c>_source</c> of a GET may be post-processed).</summary>
    public bool IsJson { get; init; } = true;

    public List<KeyValuePair<string, string>>? Headers { get; private set; }

    public EsResponse WithHeader(string name, string value)
    {
        (Headers ??= []).Add(new KeyValuePair<string, string>(name, value));
        return this;
    }

    public static EsResponse Json(int status, byte[] body) => new(status, body);

    public static EsResponse Empty(int status) => new(status, null);
}
