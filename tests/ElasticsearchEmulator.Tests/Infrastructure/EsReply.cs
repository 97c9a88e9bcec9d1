using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Coordination.ElasticsearchEmulator.Tests.Infrastructure;

/// <summary>A response as the tests see it: status, headers, raw text and the parsed JSON (when it is JSON).</summary>
public sealed class EsReply
{
    public required int Status { get; init; }

    public required string Text { get; init; }

    public required HttpResponseHeaders Headers { get; init; }

    public required HttpContentHeaders ContentHeaders { get; init; }

    public JsonNode? Json { get; init; }

    /// <summary>Navigates a dotted path ("hits.hits.0._id"); numeric segments index arrays. Null when absent.</summary>
    public JsonNode? At(string path)
    {
        var node = Json;
        foreach (var part in path.Split('.'))
        {
            node = node switch
            {
                JsonObject obj => obj.TryGetPropertyValue(part, out var child) ? child : null,
                JsonArray array when int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) && i < array.Count => array[i],
                _ => null,
            };
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    public bool Has(string path) => Json is JsonObject && PathExists(path);

    private bool PathExists(string path)
    {
        var dot = path.LastIndexOf('.');
        var parent = dot < 0 ? Json : At(path[..dot]);
        var name = dot < 0 ? path : path[(dot + 1)..];
        return parent is JsonObject obj && obj.ContainsKey(name);
    }

    public long Long(string path) => At(path)?.GetValue<long>() ?? throw new Xunit.Sdk.XunitException($"no number at [{path}] in {Text}");

    public string? Str(string path) => At(path)?.GetValue<string>();

    public bool Bool(string path) => At(path)?.GetValue<bool>() ?? throw new Xunit.Sdk.XunitException($"no boolean at [{path}] in {Text}");

    /// <summary>Property names of the object at <paramref name="path"/> (the root when null), in response order.</summary>
    public IReadOnlyList<string> Keys(string? path = null) =>
        (path is null ? Json : At(path)) is JsonObject obj ? obj.Select(p => p.Key).ToList() : [];

    public string? Header(string name) =>
        Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : ContentHeaders.TryGetValues(name, out var contentValues) ? string.Join(",", contentValues)
        : null;

    public IReadOnlyList<string> HeaderValues(string name) =>
        Headers.TryGetValues(name, out var values) ? values.ToList() : [];

    public override string ToString() => $"{Status} {Text}";
}
