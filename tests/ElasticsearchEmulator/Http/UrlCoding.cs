using System.Text;
using Coordination.ElasticsearchEmulator.Errors;

namespace Coordination.ElasticsearchEmulator.Http;

/// <summary>
/// URL decoding the way Elasticsearch's <c>RestUtils.decodeComponent</c> does it ('+' is a space, even in path
/// segments), and encoding the way Java's <c>URLEncoder</c> builds the <c>Location</c> header.
/// </summary>
internal static class UrlCoding
{
    public static string Decode(string s)
    {
        if (s.IndexOf('%') < 0 && s.IndexOf('+') < 0)
        {
            return s;
        }

        var bytes = new byte[Encoding.UTF8.GetMaxByteCount(s.Length)];
        var count = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '+')
            {
                bytes[count++] = (byte)' ';
            }
            else if (c == '%')
            {
                if (i == s.Length - 1)
                {
                    throw EsErrors.IllegalArgument("unterminated escape sequence at end of string: " + s);
                }

                if (i == s.Length - 2)
                {
                    throw EsErrors.IllegalArgument("partial escape sequence at end of string: " + s);
                }

                var hi = HexValue(s[i + 1]);
                var lo = HexValue(s[i + 2]);
                if (hi < 0 || lo < 0)
                {
                    throw EsErrors.IllegalArgument($"invalid escape sequence `%{s[i + 1]}{s[i + 2]}' at index {i} of: {s}");
                }

                bytes[count++] = (byte)((hi << 4) | lo);
                i += 2;
            }
            else
            {
                count += Encoding.UTF8.GetBytes(s.AsSpan(i, char.IsHighSurrogate(c) && i + 1 < s.Length ? 2 : 1), bytes.AsSpan(count));
                if (char.IsHighSurrogate(c) && i + 1 < s.Length)
                {
                    i++;
                }
            }
        }

        return Encoding.UTF8.GetString(bytes, 0, count);
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary>java.net.URLEncoder.encode(s, UTF_8): space becomes '+', only <c>a-zA-Z0-9.-*_</c> stay literal.</summary>
    public static string JavaUrlEncode(string s)
    {
        var builder = new StringBuilder(s.Length + 8);
        foreach (var b in Encoding.UTF8.GetBytes(s))
        {
            var c = (char)b;
            if (c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '.' or '-' or '*' or '_')
            {
                builder.Append(c);
            }
            else if (c == ' ')
            {
                builder.Append('+');
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
