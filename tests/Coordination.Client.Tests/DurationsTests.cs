using Coordination.Cli;

namespace Coordination.Client.Tests;

public sealed class DurationsTests
{
    public static TheoryData<string, TimeSpan> ValidForms => new()
    {
        { "500ms", TimeSpan.FromMilliseconds(500) },
        { "30s", TimeSpan.FromSeconds(30) },
        { "5m", TimeSpan.FromMinutes(5) },
        { "1h", TimeSpan.FromHours(1) },
        { "1m30s", TimeSpan.FromSeconds(90) },
        { "1h5m10s250ms", new TimeSpan(0, 1, 5, 10, 250) },
        { "2h30s", TimeSpan.FromHours(2) + TimeSpan.FromSeconds(30) },
        { "1.5s", TimeSpan.FromMilliseconds(1500) },
        { "0.25h", TimeSpan.FromMinutes(15) },
        { "30S", TimeSpan.FromSeconds(30) },
        { " 30s ", TimeSpan.FromSeconds(30) },
        { "0s", TimeSpan.Zero },
        { "00:00:30", TimeSpan.FromSeconds(30) },
        { "01:02:03", new TimeSpan(1, 2, 3) },
        { "00:00:00.250", TimeSpan.FromMilliseconds(250) },
        { "1.00:00:00", TimeSpan.FromDays(1) },
    };

    [Theory]
    [MemberData(nameof(ValidForms))]
    public void Accepted_forms_parse_to_their_value(string text, TimeSpan expected)
    {
        Assert.True(Durations.TryParse(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("abc")]
    [InlineData("30")]
    [InlineData("5x")]
    [InlineData("s")]
    [InlineData("ms30")]
    [InlineData("30s5m")]
    [InlineData("1m1m")]
    [InlineData("1m30")]
    [InlineData("1.2.3s")]
    [InlineData("5 s")]
    [InlineData("-")]
    [InlineData("--5s")]
    [InlineData("5d")]
    [InlineData("1:2:3:4:5")]
    [InlineData("99999999999999999999999h")]
    [InlineData("9999999999999999h")]
    public void Garbage_is_refused(string text) => Assert.False(Durations.TryParse(text, out _));

    [Fact]
    public void A_negative_duration_parses_so_that_it_can_be_refused_as_negative()
    {
        Assert.True(Durations.TryParse("-5s", out var value));
        Assert.Equal(TimeSpan.FromSeconds(-5), value);

        var refused = Assert.Throws<UsageException>(() => Durations.ParseOption("--lease", "-5s", allowZero: false));
        Assert.Contains("--lease", refused.Message, StringComparison.Ordinal);
        Assert.Contains("must not be negative", refused.Message, StringComparison.Ordinal);
        Assert.Throws<UsageException>(() => Durations.ParseOption("--wait", "-00:00:01", allowZero: true));
    }

    [Fact]
    public void Zero_is_refused_only_where_it_has_no_meaning()
    {
        Assert.Equal(TimeSpan.Zero, Durations.ParseOption("--wait", "0s", allowZero: true));

        var refused = Assert.Throws<UsageException>(() => Durations.ParseOption("--lease", "0ms", allowZero: false));
        Assert.Contains("--lease", refused.Message, StringComparison.Ordinal);
        Assert.Contains("longer than zero", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Garbage_is_refused_with_the_option_and_the_accepted_forms_named()
    {
        var refused = Assert.Throws<UsageException>(() => Durations.ParseOption("--timeout", "soon", allowZero: false));
        Assert.Equal(
            "--timeout is 'soon', which is not a duration; use a number with a unit, such as 500ms, 30s, 5m, 1h or 1m30s, or hh:mm:ss such as 00:00:30.",
            refused.Message);
    }

    [Theory]
    [InlineData(90_000, "1m30s")]
    [InlineData(500, "500ms")]
    [InlineData(3_600_000, "1h")]
    [InlineData(3_723_004, "1h2m3s4ms")]
    [InlineData(0, "0s")]
    public void Format_writes_the_short_form_that_parses_back(long milliseconds, string expected)
    {
        var value = TimeSpan.FromMilliseconds(milliseconds);
        Assert.Equal(expected, Durations.Format(value));
        Assert.True(Durations.TryParse(expected, out var parsed));
        Assert.Equal(value, parsed);
    }
}
