using System.Text.Json;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>
/// The <c>type</c> and <c>reason</c> of an error answer. Elasticsearch wraps them in
/// <c>{"error":{...},"status":N}</c>; old servers and proxies answer with a plain string or no JSON at all.
/// </summary>
internal readonly record struct ElasticsearchError(string? Type, string? Reason)
{
    public static ElasticsearchError Parse(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return default;
        }

        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            if (!document.RootElement.TryGetProperty("error", out var error))
            {
                return default;
            }

            if (error.ValueKind == JsonValueKind.String)
            {
                return new ElasticsearchError(null, error.GetString());
            }

            return error.ValueKind == JsonValueKind.Object
                ? new ElasticsearchError(
                    error.TryGetProperty("type", out var type) ? type.GetString() : null,
                    error.TryGetProperty("reason", out var reason) ? reason.GetString() : null)
                : default;
        }
        catch (JsonException)
        {
            return new ElasticsearchError(null, "the answer was not JSON");
        }
    }

    public override string ToString() => (Type, Reason) switch
    {
        (null, null) => "no error details",
        (null, var reason) => reason!,
        (var type, null) => type!,
        var (type, reason) => $"{type}: {reason}",
    };
}
