namespace Coordination.ElasticsearchEmulator.Http;

/// <summary>Lucene's LevenshteinDistance similarity (1 - edits / longest length), used for "did you mean" hints.</summary>
internal static class Levenshtein
{
    public static float Similarity(string target, string other)
    {
        var n = target.Length;
        var m = other.Length;
        if (n == 0 || m == 0)
        {
            return n == m ? 1 : 0;
        }

        var previous = new int[n + 1];
        var current = new int[n + 1];
        for (var i = 0; i <= n; i++)
        {
            previous[i] = i;
        }

        for (var j = 1; j <= m; j++)
        {
            var tj = other[j - 1];
            current[0] = j;
            for (var i = 1; i <= n; i++)
            {
                var cost = target[i - 1] == tj ? 0 : 1;
                current[i] = Math.Min(Math.Min(current[i - 1] + 1, previous[i] + 1), previous[i - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return 1.0f - ((float)previous[n] / Math.Max(m, n));
    }
}
