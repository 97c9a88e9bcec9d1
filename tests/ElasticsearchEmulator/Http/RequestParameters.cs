using System.Globalization;
using Coordination.ElasticsearchEmulator.Engine;
using Coordination.ElasticsearchEmulator.Errors;

namespace Coordination.ElasticsearchEmulator.Http;

/// <summary>
/// Query and path parameters with Elasticsearch's bookkeeping: every parameter a handler reads is "consumed", and a
/// request that carries a parameter nobody read is rejected (<c>contains unrecognized parameter</c>) before it runs.
/// </summary>
internal sealed class RequestParameters
{
    // Read by the REST channel and controller for every request, so always acceptable and always candidates.
    private static readonly string[] ResponseParameters = ["format", "filter_path", "pretty", "human", "error_trace"];

    private readonly Dictionary<string, string> _values;
    private readonly HashSet<string> _consumed = new(StringComparer.Ordinal);

    public RequestParameters(Dictionary<string, string> values)
    {
        _values = values;
        foreach (var name in ResponseParameters)
        {
            _consumed.Add(name);
        }
    }

    public IReadOnlyDictionary<string, string> All => _values;

    public void SetPathParameter(string name, string value)
    {
        _values[name] = value;
        _consumed.Add(name);
    }

    public bool Has(string name) => _values.ContainsKey(name);

    public string? Get(string name)
    {
        _consumed.Add(name);
        return _values.TryGetValue(name, out var value) ? value : null;
    }

    public void Consume(params string[] names)
    {
        foreach (var name in names)
        {
            _consumed.Add(name);
        }
    }

    public long GetLong(string name, long defaultValue)
    {
        var raw = Get(name);
        if (raw is null)
        {
            return defaultValue;
        }

        if (JavaNumbers.TryParseLong(raw, out var value))
        {
            return value;
        }

        throw EsErrors.IllegalArgument($"Failed to parse long parameter [{name}] with value [{raw}]", EsErrors.NumberFormat(raw));
    }

    public int GetInt(string name, int defaultValue)
    {
        var raw = Get(name);
        if (raw is null)
        {
            return defaultValue;
        }

        if (JavaNumbers.TryParseInt(raw, out var value))
        {
            return value;
        }

        throw EsErrors.IllegalArgument($"Failed to parse int parameter [{name}] with value [{raw}]", EsErrors.NumberFormat(raw));
    }

    public bool GetBool(string name, bool defaultValue)
    {
        var raw = Get(name);
        if (raw is null)
        {
            return defaultValue;
        }

        // An empty value means "turn this on", as in ?pretty.
        if (raw.Length == 0)
        {
            return true;
        }

        return ParseBoolean(raw);
    }

    public static bool ParseBoolean(string raw) => raw switch
    {
        "true" => true,
        "false" => false,
        _ => throw EsErrors.IllegalArgument($"Failed to parse value [{raw}] as only [true] or [false] are allowed."),
    };

    /// <summary>A time parameter; returns <paramref name="defaultValue"/> when absent, null for "-1".</summary>
    public TimeSpan? GetTime(string name, TimeSpan? defaultValue)
    {
        var raw = Get(name);
        return raw is null ? defaultValue : TimeValue.Parse(raw, name);
    }

    /// <summary>Throws the <c>unrecognized parameter</c> failure if any parameter was never read.</summary>
    public void EnsureAllConsumed(string path)
    {
        SortedSet<string>? unconsumed = null;
        foreach (var name in _values.Keys)
        {
            if (!_consumed.Contains(name))
            {
                (unconsumed ??= new SortedSet<string>(StringComparer.Ordinal)).Add(name);
            }
        }

        if (unconsumed is null)
        {
            return;
        }

        var message = new System.Text.StringBuilder()
            .Append("request [").Append(path).Append("] contains unrecognized parameter")
            .Append(unconsumed.Count > 1 ? "s" : string.Empty).Append(": ");
        var first = true;
        foreach (var invalid in unconsumed)
        {
            var scored = new List<(float Score, string Name)>();
            foreach (var candidate in _consumed)
            {
                var score = Levenshtein.Similarity(invalid, candidate);
                if (score > 0.5f)
                {
                    scored.Add((score, candidate));
                }
            }

            scored.Sort((a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(a.Name, b.Name));
            if (!first)
            {
                message.Append(", ");
            }

            message.Append('[').Append(invalid).Append(']');
            if (scored.Count == 1)
            {
                message.Append(" -> did you mean [").Append(scored[0].Name).Append("]?");
            }
            else if (scored.Count > 1)
            {
                message.Append(" -> did you mean any of [").Append(string.Join(", ", scored.Select(s => s.Name))).Append("]?");
            }

            first = false;
        }

        throw EsErrors.IllegalArgument(message.ToString());
    }
}

/// <summary>Number parsing with Java's <c>Long.parseLong</c> / <c>Integer.parseInt</c> rules (sign allowed, nothing else).</summary>
internal static class JavaNumbers
{
    public static bool TryParseLong(string text, out long value) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) && text.Length > 0 && !char.IsWhiteSpace(text[0]) && !char.IsWhiteSpace(text[^1]);

    public static bool TryParseInt(string text, out int value) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) && text.Length > 0 && !char.IsWhiteSpace(text[0]) && !char.IsWhiteSpace(text[^1]);
}
