using System.Globalization;
using System.Text.RegularExpressions;

namespace Coordination.ElasticsearchEmulator.Mapping;

/// <summary>
/// The date formats the emulator understands: <c>strict_date_optional_time</c> (Elasticsearch's default, with exactly
/// four-digit years), <c>epoch_millis</c>, <c>epoch_second</c> and the slash form dynamic mapping detects.
/// </summary>
internal static partial class DateParsing
{
    public const string DefaultFormat = "strict_date_optional_time||epoch_millis";

    [GeneratedRegex(@"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoPattern();

    [GeneratedRegex(@"^(\d{4})/(\d{2})/(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?(?: ?(Z|[+-]\d{2}(?::?\d{2})?))?$", RegexOptions.CultureInvariant)]
    private static partial Regex SlashPattern();

    /// <summary>Parses with the given format list ("a||b"); returns epoch milliseconds.</summary>
    public static bool TryParse(string text, string? format, out long epochMillis)
    {
        foreach (var part in (format ?? DefaultFormat).Split("||"))
        {
            var name = part.Trim();
            switch (name)
            {
                case "epoch_millis":
                    if (TryParseEpoch(text, 1, out epochMillis))
                    {
                        return true;
                    }

                    break;
                case "epoch_second":
                    if (TryParseEpoch(text, 1000, out epochMillis))
                    {
                        return true;
                    }

                    break;
                case "yyyy/MM/dd HH:mm:ss" or "yyyy/MM/dd" or "yyyy/MM/dd HH:mm:ss Z" or "yyyy/MM/dd Z":
                    if (TryParseSlash(text, out epochMillis))
                    {
                        return true;
                    }

                    break;
                default:
                    // strict_date_optional_time, date_optional_time, strict_date_time, date_time and friends.
                    if (TryParseIso(text, out epochMillis))
                    {
                        return true;
                    }

                    break;
            }
        }

        epochMillis = 0;
        return false;
    }

    /// <summary>
    /// Dynamic date detection: Elasticsearch only tries strings with at least two ':' , '-' or '/', then the
    /// dynamic_date_formats. Returns the mapping format for the slash form (null for the ISO default).
    /// </summary>
    public static bool DetectsAsDate(string text, out string? format)
    {
        format = null;
        if (Count(text, ':') <= 1 && Count(text, '-') <= 1 && Count(text, '/') <= 1)
        {
            return false;
        }

        if (TryParseIso(text, out _))
        {
            return true;
        }

        if (TryParseSlash(text, out _))
        {
            format = "yyyy/MM/dd HH:mm:ss||yyyy/MM/dd||epoch_millis";
            return true;
        }

        return false;
    }

    private static int Count(string text, char c)
    {
        var n = 0;
        foreach (var ch in text)
        {
            if (ch == c)
            {
                n++;
            }
        }

        return n;
    }

    private static bool TryParseEpoch(string text, long multiplier, out long epochMillis)
    {
        epochMillis = 0;
        if (!double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        epochMillis = (long)(value * multiplier);
        return true;
    }

    public static bool TryParseIso(string text, out long epochMillis)
    {
        epochMillis = 0;
        var match = IsoPattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        return TryBuild(match, out epochMillis);
    }

    private static bool TryParseSlash(string text, out long epochMillis)
    {
        epochMillis = 0;
        var match = SlashPattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var year = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var month = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        var day = int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture);
        var hour = match.Groups[4].Success ? int.Parse(match.Groups[4].Value, CultureInfo.InvariantCulture) : 0;
        var minute = match.Groups[5].Success ? int.Parse(match.Groups[5].Value, CultureInfo.InvariantCulture) : 0;
        var second = match.Groups[6].Success ? int.Parse(match.Groups[6].Value, CultureInfo.InvariantCulture) : 0;
        var offset = match.Groups[7].Success ? ParseOffset(match.Groups[7].Value) : TimeSpan.Zero;
        return TryCompose(year, month, day, hour, minute, second, 0, offset, out epochMillis);
    }

    private static bool TryBuild(Match match, out long epochMillis)
    {
        var year = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var month = match.Groups[2].Success ? int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) : 1;
        var day = match.Groups[3].Success ? int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture) : 1;
        var hour = match.Groups[4].Success ? int.Parse(match.Groups[4].Value, CultureInfo.InvariantCulture) : 0;
        var minute = match.Groups[5].Success ? int.Parse(match.Groups[5].Value, CultureInfo.InvariantCulture) : 0;
        var second = match.Groups[6].Success ? int.Parse(match.Groups[6].Value, CultureInfo.InvariantCulture) : 0;
        var millis = 0;
        if (match.Groups[7].Success)
        {
            var fraction = match.Groups[7].Value.PadRight(3, '0')[..3];
            millis = int.Parse(fraction, CultureInfo.InvariantCulture);
        }

        var offset = match.Groups[8].Success ? ParseOffset(match.Groups[8].Value) : TimeSpan.Zero;
        return TryCompose(year, month, day, hour, minute, second, millis, offset, out epochMillis);
    }

    private static bool TryCompose(int year, int month, int day, int hour, int minute, int second, int millis, TimeSpan offset, out long epochMillis)
    {
        epochMillis = 0;
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(1, year), month) || hour > 23 || minute > 59 || second > 59 || year < 1)
        {
            return false;
        }

        var value = new DateTimeOffset(year, month, day, hour, minute, second, millis, offset);
        epochMillis = value.ToUnixTimeMilliseconds();
        return true;
    }

    private static TimeSpan ParseOffset(string text)
    {
        if (text == "Z")
        {
            return TimeSpan.Zero;
        }

        var sign = text[0] == '-' ? -1 : 1;
        var digits = text[1..].Replace(":", string.Empty, StringComparison.Ordinal);
        var hours = int.Parse(digits[..2], CultureInfo.InvariantCulture);
        var minutes = digits.Length >= 4 ? int.Parse(digits[2..4], CultureInfo.InvariantCulture) : 0;
        return new TimeSpan(sign * hours, sign * minutes, 0);
    }
}
