using System.Globalization;
using Coordination.ElasticsearchEmulator.Errors;

namespace Coordination.ElasticsearchEmulator.Engine;

/// <summary>Elasticsearch time strings ("1m", "500ms", "-1"). <c>null</c> stands for -1 (disabled / infinite).</summary>
internal static class TimeValue
{
    public static TimeSpan? Parse(string value, string settingName)
    {
        var text = value.Trim().ToLowerInvariant();
        if (text == "-1")
        {
            return null;
        }

        if (text == "0")
        {
            return TimeSpan.Zero;
        }

        (string Suffix, double TicksPerUnit)[] units =
        [
            ("nanos", 0.01), ("micros", 10), ("ms", TimeSpan.TicksPerMillisecond), ("s", TimeSpan.TicksPerSecond),
            ("m", TimeSpan.TicksPerMinute), ("h", TimeSpan.TicksPerHour), ("d", TimeSpan.TicksPerDay),
        ];
        foreach (var (suffix, ticks) in units)
        {
            if (!text.EndsWith(suffix, StringComparison.Ordinal))
            {
                continue;
            }

            // "ms" also ends with "s": only accept the shortest suffix whose prefix parses as a number.
            var number = text[..^suffix.Length].Trim();
            if (number.Length == 0)
            {
                break;
            }

            if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
            {
                continue;
            }

            if (amount == -1)
            {
                return null;
            }

            if (amount < 0)
            {
                throw EsErrors.IllegalArgument($"failed to parse setting [{settingName}] with value [{value}] as a time value: negative durations are not supported");
            }

            return TimeSpan.FromTicks((long)(amount * ticks));
        }

        throw EsErrors.Parse($"failed to parse setting [{settingName}] with value [{value}] as a time value: unit is missing or unrecognized");
    }

    public static string Format(TimeSpan? value)
    {
        if (value is null)
        {
            return "-1";
        }

        var v = value.Value;
        if (v.Ticks % TimeSpan.TicksPerDay == 0 && v.Ticks != 0)
        {
            return (v.Ticks / TimeSpan.TicksPerDay).ToString(CultureInfo.InvariantCulture) + "d";
        }

        if (v.Ticks % TimeSpan.TicksPerHour == 0 && v.Ticks != 0)
        {
            return (v.Ticks / TimeSpan.TicksPerHour).ToString(CultureInfo.InvariantCulture) + "h";
        }

        if (v.Ticks % TimeSpan.TicksPerMinute == 0 && v.Ticks != 0)
        {
            return (v.Ticks / TimeSpan.TicksPerMinute).ToString(CultureInfo.InvariantCulture) + "m";
        }

        if (v.Ticks % TimeSpan.TicksPerSecond == 0)
        {
            return (v.Ticks / TimeSpan.TicksPerSecond).ToString(CultureInfo.InvariantCulture) + "s";
        }

        return ((long)v.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
    }
}
