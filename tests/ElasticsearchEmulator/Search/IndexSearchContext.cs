using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Coordination.ElasticsearchEmulator.Engine;
using Coordination.ElasticsearchEmulator.Errors;
using Coordination.ElasticsearchEmulator.Mapping;

namespace Coordination.ElasticsearchEmulator.Search;

/// <summary>A failure while preparing a query or sort on one index; it becomes a shard failure of the search.</summary>
internal sealed class ShardFailureException(EsException failure) : Exception(failure.Reason)
{
    public EsException Failure { get; } = failure;
}

/// <summary>What query compilation needs to know about one index: its mapping, and the clock for date math.</summary>
internal sealed partial class IndexSearchContext
{
    public IndexSearchContext(EmulatedIndex index, TimeProvider clock)
    {
        Index = index;
        Mapping = index.Mappings.Snapshot;
        Clock = clock;
    }

    public EmulatedIndex Index { get; }

    public MappingSnapshot Mapping { get; }

    public TimeProvider Clock { get; }

    public FieldMapping? Field(string name) => Mapping.Find(name);

    public ShardFailureException Failure(string type, string reason) =>
        new(new EsException(400, type, reason).With("index_uuid", Index.Uuid).With("index", Index.Name));

    /// <summary>Converts a query value to the field's comparable form; bad values fail the shard like Elasticsearch.</summary>
    public IComparable QueryValue(FieldMapping field, JsonElement value, string? format = null, bool roundUp = false)
    {
        if (field.Kind == FieldKind.Date)
        {
            var text = FieldValues.KeywordText(value) ?? string.Empty;
            if (TryDateMath(text, roundUp, out var millis) || DateParsing.TryParse(text, format ?? field.Format, out millis))
            {
                return millis;
            }

            throw Failure("parse_exception", $"failed to parse date field [{text}] with format [{format ?? field.Format ?? DateParsing.DefaultFormat}]");
        }

        if (FieldValues.Comparable(field, value) is { } comparable)
        {
            return comparable;
        }

        var shown = FieldValues.KeywordText(value) ?? value.GetRawText();
        if (field.Kind == FieldKind.Boolean)
        {
            throw Failure("query_shard_exception", $"failed to create query: Can't parse boolean value [{shown}], expected [true] or [false]");
        }

        throw Failure("query_shard_exception", $"failed to create query: For input string: \"{shown}\"");
    }

    [GeneratedRegex(@"^now(?<ops>(?:[+-]\d+[yMwdhHms])*)(?:/(?<round>[yMwdhHms]))?$", RegexOptions.CultureInvariant)]
    private static partial Regex DateMath();

    [GeneratedRegex(@"([+-])(\d+)([yMwdhHms])", RegexOptions.CultureInvariant)]
    private static partial Regex DateMathStep();

    /// <summary>Date math anchored at "now" (e.g. <c>now-1h</c>, <c>now/d</c>), on the emulator's clock.</summary>
    private bool TryDateMath(string text, bool roundUp, out long millis)
    {
        millis = 0;
        var match = DateMath().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var time = Clock.GetUtcNow();
        foreach (Match step in DateMathStep().Matches(match.Groups["ops"].Value))
        {
            var amount = int.Parse(step.Groups[2].Value, CultureInfo.InvariantCulture) * (step.Groups[1].Value == "-" ? -1 : 1);
            time = step.Groups[3].Value switch
            {
                "y" => time.AddYears(amount),
                "M" => time.AddMonths(amount),
                "w" => time.AddDays(7 * amount),
                "d" => time.AddDays(amount),
                "h" or "H" => time.AddHours(amount),
                "m" => time.AddMinutes(amount),
                _ => time.AddSeconds(amount),
            };
        }

        if (match.Groups["round"].Success)
        {
            var floor = match.Groups["round"].Value switch
            {
                "y" => new DateTimeOffset(time.Year, 1, 1, 0, 0, 0, TimeSpan.Zero),
                "M" => new DateTimeOffset(time.Year, time.Month, 1, 0, 0, 0, TimeSpan.Zero),
                "w" => new DateTimeOffset(time.Date.AddDays(-(((int)time.DayOfWeek + 6) % 7)), TimeSpan.Zero),
                "d" => new DateTimeOffset(time.Date, TimeSpan.Zero),
                "h" or "H" => new DateTimeOffset(time.Year, time.Month, time.Day, time.Hour, 0, 0, TimeSpan.Zero),
                "m" => new DateTimeOffset(time.Year, time.Month, time.Day, time.Hour, time.Minute, 0, TimeSpan.Zero),
                _ => new DateTimeOffset(time.Year, time.Month, time.Day, time.Hour, time.Minute, time.Second, TimeSpan.Zero),
            };
            time = roundUp ? NextUnit(floor, match.Groups["round"].Value).AddMilliseconds(-1) : floor;
        }

        millis = time.ToUnixTimeMilliseconds();
        return true;
    }

    private static DateTimeOffset NextUnit(DateTimeOffset floor, string unit) => unit switch
    {
        "y" => floor.AddYears(1),
        "M" => floor.AddMonths(1),
        "w" => floor.AddDays(7),
        "d" => floor.AddDays(1),
        "h" or "H" => floor.AddHours(1),
        "m" => floor.AddMinutes(1),
        _ => floor.AddSeconds(1),
    };
}
