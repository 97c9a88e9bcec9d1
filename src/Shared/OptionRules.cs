namespace Coordination.Configuration;

/// <summary>
/// Checks shared by the options validators, worded so that the message says how to fix the value. Linked into
/// each project that validates settings (it is internal), so every start-up message reads the same way.
/// </summary>
internal static class OptionRules
{
    public static void Range(List<string> failures, string setting, TimeSpan value, TimeSpan minimum, TimeSpan maximum)
    {
        if (value < minimum || value > maximum)
        {
            failures.Add($"{setting} is {Format(value)}; it must be between {Format(minimum)} and {Format(maximum)}.");
        }
    }

    /// <summary>
    /// Checks a duration bounded by another setting. When that setting is itself out of range, only the fixed
    /// bounds apply, so one mistake does not produce a second, confusing message.
    /// </summary>
    public static void RangeUpTo(List<string> failures, string setting, TimeSpan value, TimeSpan minimum, TimeSpan bound, TimeSpan boundMinimum, TimeSpan boundMaximum) =>
        Range(failures, setting, value, minimum, bound >= boundMinimum && bound <= boundMaximum ? bound : boundMaximum);

    public static void Range(List<string> failures, string setting, int value, int minimum, int maximum)
    {
        if (value < minimum || value > maximum)
        {
            failures.Add($"{setting} is {value}; it must be between {minimum} and {maximum}.");
        }
    }

    public static void NotEmpty(List<string> failures, string setting, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"{setting} is empty; set it to a non-empty value.");
        }
    }

    /// <summary>A cluster id: it travels in every handshake, and names the cluster's rows in the membership table.</summary>
    public static void ClusterId(List<string> failures, string setting, string? value)
    {
        NotEmpty(failures, setting, value);
        if (!string.IsNullOrEmpty(value) && (value.Length > 64 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            failures.Add($"{setting} is '{value}'; use at most 64 letters, digits, '-', '_' or '.'.");
        }
    }

    /// <summary>Formats a duration the way people write them in configuration (00:00:30 style).</summary>
    public static string Format(TimeSpan value) => value.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
}
