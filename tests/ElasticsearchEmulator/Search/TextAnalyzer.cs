using System.Text;

namespace Coordination.ElasticsearchEmulator.Search;

/// <summary>
/// An approximation of the standard analyzer: Unicode word segmentation (letters and digits, joined by '_' and by
/// '.' or '\'' between word characters), lowercased. Enough for match/term queries on text fields.
/// </summary>
internal static class TextAnalyzer
{
    public static List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsLetterOrDigit(c) || c == '_')
            {
                current.Append(char.ToLowerInvariant(c));
            }
            else if ((c is '.' or '\'') && current.Length > 0 && i + 1 < text.Length && char.IsLetterOrDigit(text[i + 1]))
            {
                current.Append(c);
            }
            else if (current.Length > 0)
            {
                tokens.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            tokens.Add(current.ToString());
        }

        return tokens;
    }
}
