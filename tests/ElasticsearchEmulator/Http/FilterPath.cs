using System.Text.Json.Nodes;
using Coordination.ElasticsearchEmulator.Templates;

namespace Coordination.ElasticsearchEmulator.Http;

/// <summary>The <c>filter_path</c> response parameter: dotted patterns with <c>*</c> and <c>**</c>, '-' to exclude.</summary>
internal static class FilterPath
{
    public static JsonNode Apply(JsonNode root, string filter)
    {
        var patterns = filter.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var includes = patterns.Where(p => !p.StartsWith('-')).Select(p => p.Split('.')).ToList();
        var excludes = patterns.Where(p => p.StartsWith('-')).Select(p => p[1..].Split('.')).ToList();
        var result = includes.Count == 0 ? root.DeepClone() : Include(root, includes) ?? new JsonObject();
        foreach (var exclude in excludes)
        {
            Exclude(result, exclude);
        }

        return result;
    }

    private static JsonNode? Include(JsonNode? node, List<string[]> patterns)
    {
        switch (node)
        {
            case JsonObject obj:
                var result = new JsonObject();
                foreach (var (name, value) in obj)
                {
                    var whole = false;
                    var deeper = new List<string[]>();
                    foreach (var pattern in patterns)
                    {
                        if (pattern[0] == "**")
                        {
                            if (pattern.Length == 1)
                            {
                                whole = true;
                                continue;
                            }

                            deeper.Add(pattern);
                            if (GlobPattern.IsMatch(pattern[1], name))
                            {
                                if (pattern.Length == 2)
                                {
                                    whole = true;
                                }
                                else
                                {
                                    deeper.Add(pattern[2..]);
                                }
                            }

                            continue;
                        }

                        if (!GlobPattern.IsMatch(pattern[0], name))
                        {
                            continue;
                        }

                        if (pattern.Length == 1)
                        {
                            whole = true;
                        }
                        else
                        {
                            deeper.Add(pattern[1..]);
                        }
                    }

                    if (whole)
                    {
                        result[name] = value?.DeepClone();
                    }
                    else if (deeper.Count > 0 && Include(value, deeper) is { } filtered)
                    {
                        result[name] = filtered;
                    }
                }

                return result.Count > 0 ? result : null;
            case JsonArray array:
                var items = new JsonArray();
                foreach (var item in array)
                {
                    if (Include(item, patterns) is { } filtered)
                    {
                        items.Add(filtered);
                    }
                }

                return items.Count > 0 ? items : null;
            default:
                return null;
        }
    }

    private static void Exclude(JsonNode? node, string[] pattern)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    if (!GlobPattern.IsMatch(pattern[0], name))
                    {
                        continue;
                    }

                    if (pattern.Length == 1)
                    {
                        obj.Remove(name);
                    }
                    else
                    {
                        Exclude(obj[name], pattern[1..]);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Exclude(item, pattern);
                }

                break;
        }
    }
}
