namespace Coordination.ElasticsearchEmulator.Templates;

/// <summary>Elasticsearch's simple wildcard patterns: <c>*</c> matches any run of characters, nothing else is special.</summary>
internal static class GlobPattern
{
    public static bool IsMatch(string pattern, string value)
    {
        var p = 0;
        var v = 0;
        var starP = -1;
        var starV = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                starP = p++;
                starV = v;
            }
            else if (p < pattern.Length && pattern[p] == value[v])
            {
                p++;
                v++;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                v = ++starV;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    public static bool HasWildcard(string pattern) => pattern.Contains('*');

    /// <summary>True when some name matches both patterns (the automaton intersection Elasticsearch checks).</summary>
    public static bool Overlaps(string a, string b)
    {
        var memo = new Dictionary<(int, int), bool>();
        return Intersects(a, 0, b, 0, memo);
    }

    private static bool Intersects(string a, int i, string b, int j, Dictionary<(int, int), bool> memo)
    {
        if (memo.TryGetValue((i, j), out var known))
        {
            return known;
        }

        bool result;
        if (i == a.Length && j == b.Length)
        {
            result = true;
        }
        else if (i < a.Length && a[i] == '*')
        {
            result = Intersects(a, i + 1, b, j, memo) || (j < b.Length && Intersects(a, i, b, j + 1, memo));
        }
        else if (j < b.Length && b[j] == '*')
        {
            result = Intersects(a, i, b, j + 1, memo) || (i < a.Length && Intersects(a, i + 1, b, j, memo));
        }
        else if (i < a.Length && j < b.Length && a[i] == b[j])
        {
            result = Intersects(a, i + 1, b, j + 1, memo);
        }
        else
        {
            result = false;
        }

        memo[(i, j)] = result;
        return result;
    }
}
