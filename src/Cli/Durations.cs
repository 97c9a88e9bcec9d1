using System.Globalization;
using System.Text;

namespace Coordination.Cli;

/// <summary>
/// Durations as written on the command line: a number with a unit (<c>500ms</c>, <c>30s</c>, <c>5m</c>,
/// <c>1h</c>, <c>1.5s</c>), units combined from largest to smallest (<c>1m30s</c>, <c>1h5m</c>), or a
/// TimeSpan with colons (<c>00:00:30</c>).
/// </summary>
internal static class Durations
{
    public const string AcceptedForms = "use a number with a unit, such as 500ms, 30s, 5m, 1h or 1m30s, or hh:mm:ss such as 00:00:30";

    // Largest first: in a combined duration each unit may appear once, in this order.
    private static readonly (string Unit, long Ticks)[] s_units =
    [
        ("h", TimeSpan.TicksPerHour),
        ("m", TimeSpan.TicksPerMinute),
        ("s", TimeSpan.TicksPerSecond),
        ("ms", TimeSpan.TicksPerMillisecond),
    ];

    /// <summary>Parses <paramref name="text"/>; a leading '-' is accepted so that callers can say "negative" rather than "garbage".</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            return false;
        }

        if (trimmed.Contains(':', StringComparison.Ordinal))
        {
            return TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out value);
        }

        var negative = trimmed[0] == '-';
        var span = negative ? trimmed.AsSpan(1) : trimmed.AsSpan();
        if (span.IsEmpty)
        {
            return false;
        }

        decimal ticks = 0;
        var nextUnit = 0;
        while (!span.IsEmpty)
        {
            var numberLength = 0;
            while (numberLength < span.Length && (char.IsAsciiDigit(span[numberLength]) || span[numberLength] == '.'))
            {
                numberLength++;
            }

            var unitLength = 0;
            while (numberLength + unitLength < span.Length && char.IsAsciiLetter(span[numberLength + unitLength]))
            {
                unitLength++;
            }

            if (numberLength == 0 || unitLength == 0
                || !decimal.TryParse(span[..numberLength], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            var unit = span.Slice(numberLength, unitLength).ToString().ToLowerInvariant();
            var index = Array.FindIndex(s_units, nextUnit, u => u.Unit == unit);
            if (index < 0)
            {
                return false;
            }

            // Checked before multiplying, which could overflow decimal itself.
            if (number > ((decimal)TimeSpan.MaxValue.Ticks - ticks) / s_units[index].Ticks)
            {
                return false;
            }

            ticks += number * s_units[index].Ticks;

            nextUnit = index + 1;
            span = span[(numberLength + unitLength)..];
        }

        var whole = (long)decimal.Round(ticks);
        value = TimeSpan.FromTicks(negative ? -whole : whole);
        return true;
    }

    /// <summary>
    /// The value of a duration option, or a <see cref="UsageException"/> naming the option and the accepted forms.
    /// Negative durations are always refused; zero only where it has no meaning (<paramref name="allowZero"/> false).
    /// </summary>
    public static TimeSpan ParseOption(string option, string text, bool allowZero) =>
        TryParseOption(option, text, allowZero, out var value, out var problem) ? value : throw new UsageException(problem);

    /// <summary>As <see cref="ParseOption"/>, but says what is wrong in <paramref name="problem"/> instead of throwing.</summary>
    public static bool TryParseOption(string option, string text, bool allowZero, out TimeSpan value, out string problem)
    {
        problem = string.Empty;
        if (!TryParse(text, out value))
        {
            problem = $"{option} is '{text}', which is not a duration; {AcceptedForms}.";
        }
        else if (value < TimeSpan.Zero)
        {
            problem = $"{option} is '{text}'; a duration must not be negative ({AcceptedForms}).";
        }
        else if (value == TimeSpan.Zero && !allowZero)
        {
            problem = $"{option} is '{text}'; it must be longer than zero ({AcceptedForms}).";
        }

        return problem.Length == 0;
    }

    /// <summary>The short form of <paramref name="value"/> (<c>1m30s</c>, <c>500ms</c>), for messages.</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        if (value < TimeSpan.Zero || value.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            return value.ToString("c", CultureInfo.InvariantCulture);
        }

        var text = new StringBuilder();
        var remaining = value.Ticks;
        foreach (var (unit, ticks) in s_units)
        {
            if (remaining >= ticks)
            {
                text.Append(CultureInfo.InvariantCulture, $"{remaining / ticks}{unit}");
                remaining %= ticks;
            }
        }

        return text.ToString();
    }
}
