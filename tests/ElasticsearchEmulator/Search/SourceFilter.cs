using System.Text.Json;
using System.Text.Json.Nodes;
using Coordination.ElasticsearchEmulator.Http;
using Coordination.ElasticsearchEmulator.Templates;

namespace Coordination.ElasticsearchEmulator.Search;

/// <summary>
/// Source filtering (<c>_source</c>, <c>_source_includes</c>, <c>_source_excludes</c>): whether to return the
/// source at all, and which dotted paths (with <c>*</c> wildcards) to keep or drop.
/// </summary>
internal sealed class SourceFilter
{
    public static readonly SourceFilter FetchAll = new(true, [], []);

    public SourceFilter(bool fetch, IReadOnlyList<string> includes, IReadOnlyList<string> excludes)
    {
        Fetch = fetch;
        Includes = includes;
        Excludes = excludes;
    }

    public bool Fetch { get; }

    public IReadOnlyList<string> Includes { get; }

    public IReadOnlyList<string> Excludes { get; }

    public bool IsIdentity => Fetch && Includes.Count == 0 && Excludes.Count == 0;

    /// <summary>FetchSourceContext.parseFromRestRequest; null when the request says nothing about the source.</summary>
    public static SourceFilter? FromParameters(RequestParameters parameters)
    {
        bool? fetch = null;
        string[]? includes = null;
        string[]? excludes = null;
        var source = parameters.Get("_source");
        if (source is not null)
        {
            if (source is "true")
            {
                fetch = true;
            }
            else if (source is "false")
            {
                fetch = false;
            }
            else
            {
                includes = Split(source);
            }
        }

        if (parameters.Get("_source_includes") is { } inc)
        {
            includes = Split(inc);
        }

        if (parameters.Get("_source_excludes") is { } exc)
        {
            excludes = Split(exc);
        }

        return fetch is null && includes is null && excludes is null
            ? null
            : new SourceFilter(fetch ?? true, includes ?? [], excludes ?? []);
    }

    /// <summary>The <c>_source</c> of a search or update body: a boolean, a pattern, a list, or {includes, excludes}.</summary>
    public static SourceFilter? FromJson(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.True:
                return FetchAll;
            case JsonValueKind.False:
                return new SourceFilter(false, [], []);
            case JsonValueKind.String:
                return new SourceFilter(true, [value.GetString()!], []);
            case JsonValueKind.Array:
                return new SourceFilter(true, JsonBody.AsStringList(value) ?? [], []);
            case JsonValueKind.Object:
                var includes = new List<string>();
                var excludes = new List<string>();
                foreach (var property in value.EnumerateObject())
                {
                    var list = JsonBody.AsStringList(property.Value) ?? [];
                    if (property.Name is "includes" or "include")
                    {
                        includes.AddRange(list);
                    }
                    else if (property.Name is "excludes" or "exclude")
                    {
                        excludes.AddRange(list);
                    }
                }

                return new SourceFilter(true, includes, excludes);
            default:
                return null;
        }
    }

    private static string[] Split(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Writes the filtered source as the value of an already-written property name.</summary>
    public void WriteFiltered(Utf8JsonWriter writer, byte[] raw, JsonElement parsed)
    {
        if (IsIdentity)
        {
            writer.WriteRawValue(raw, skipInputValidation: true);
            return;
        }

        Filter(parsed, string.Empty, Includes.Count == 0).WriteTo(writer);
    }

    public JsonObject Filter(JsonElement source) => Filter(source, string.Empty, Includes.Count == 0);

    private JsonObject Filter(JsonElement element, string prefix, bool included)
    {
        var result = new JsonObject();
        if (element.ValueKind != JsonValueKind.Object)
        {
            return result;
        }

        foreach (var property in element.EnumerateObject())
        {
            var path = prefix + property.Name;
            if (Excludes.Any(p => GlobPattern.IsMatch(p, path)))
            {
                continue;
            }

            var fullyIncluded = included || Includes.Any(p => GlobPattern.IsMatch(p, path));
            if (property.Value.ValueKind == JsonValueKind.Object)
            {
                if (fullyIncluded || Includes.Any(p => CouldMatchBelow(p, path)))
                {
                    var child = Filter(property.Value, path + ".", fullyIncluded);
                    if (fullyIncluded || child.Count > 0)
                    {
                        result[property.Name] = child;
                    }
                }
            }
            else if (fullyIncluded)
            {
                result[property.Name] = Excludes.Count == 0 || property.Value.ValueKind != JsonValueKind.Array
                    ? JsonNode.Parse(property.Value.GetRawText())
                    : FilterArray(property.Value, path);
            }
        }

        return result;
    }

    private JsonArray FilterArray(JsonElement array, string path)
    {
        var result = new JsonArray();
        foreach (var item in array.EnumerateArray())
        {
            result.Add(item.ValueKind == JsonValueKind.Object ? Filter(item, path + ".", true) : JsonNode.Parse(item.GetRawText()));
        }

        return result;
    }

    private static bool CouldMatchBelow(string pattern, string path)
    {
        var star = pattern.IndexOf('*');
        var literal = star < 0 ? pattern : pattern[..star];
        var prefix = path + ".";
        return literal.StartsWith(prefix, StringComparison.Ordinal) || prefix.StartsWith(literal, StringComparison.Ordinal);
    }
}
