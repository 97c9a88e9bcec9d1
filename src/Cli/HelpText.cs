using System.Text;

namespace Coordination.Client.Cli;

/// <summary>The text of <c>coord --help</c> and <c>coord &lt;command&gt; --help</c>.</summary>
internal static class HelpText
{
    private static readonly (string Code, string Meaning)[] s_exitCodes =
    [
        ("0", "success"),
        ("1", "not acquired, not released or not renewed; for exec also: the lock was lost"),
        ("2", "bad usage or input; the message names the problem"),
        ("3", "cluster unavailable: no gateway answered, the connection was lost, or a call timed out"),
        ("130", "interrupted (Ctrl+C or SIGTERM)"),
    ];

    private static readonly string[] s_durations =
    [
        "Durations: a number with a unit, ms, s, m or h (500ms, 30s, 1.5s, 5m, 1h), units combined from",
        "largest to smallest (1m30s), or hh:mm:ss (00:00:30).",
    ];

    public static string General(IReadOnlyList<CoordCommand> commands)
    {
        var text = new StringBuilder();
        text.AppendLine("coord: distributed locks of a Coordination cluster, from the command line.");
        text.AppendLine();
        text.AppendLine("Usage: coord <command> <key> [options]");
        text.AppendLine();
        text.AppendLine("Commands:");
        var width = commands.Max(c => c.Name.Length) + 2;
        foreach (var command in commands)
        {
            text.AppendLine($"  {command.Name.PadRight(width)}{command.Summary}");
        }

        text.AppendLine();
        AppendOptions(text, "Options of every command:", [.. CommonOptions.Specs, HelpSpec]);
        text.AppendLine();
        AppendLines(text, s_durations);
        text.AppendLine();
        text.AppendLine("acquire leaves the lock held after coord exits, until its lease expires or it is released.");
        text.AppendLine();
        AppendExitCodes(text, s_exitCodes);
        text.AppendLine("  exec exits with its command's exit code when the command ran to its end.");
        text.AppendLine();
        text.AppendLine("Run 'coord <command> --help' for a command's options.");
        return text.ToString();
    }

    public static string For(CoordCommand command)
    {
        var text = new StringBuilder();
        text.AppendLine($"Usage: coord {command.Usage}");
        text.AppendLine();
        AppendLines(text, command.Description);
        text.AppendLine();
        if (command.Options.Count > 0)
        {
            AppendOptions(text, "Options:", command.Options);
            text.AppendLine();
        }

        AppendOptions(text, "Common options:", [.. CommonOptions.Specs, HelpSpec]);
        text.AppendLine();
        AppendLines(text, s_durations);
        text.AppendLine();
        var codes = command.ExitCodes
            .Concat(s_exitCodes.Where(c => c.Code is "2" or "3" or "130" && command.ExitCodes.All(own => own.Code != c.Code)))
            .OrderBy(c => int.TryParse(c.Code, out var number) ? number : -1);
        AppendExitCodes(text, codes);
        return text.ToString();
    }

    private static OptionSpec HelpSpec { get; } = new("-h, --help", null, "Show this help.");

    private static void AppendOptions(StringBuilder text, string title, IReadOnlyList<OptionSpec> options)
    {
        text.AppendLine(title);
        var width = options.Max(o => o.Syntax.Length) + 2;
        foreach (var option in options)
        {
            text.AppendLine($"  {option.Syntax.PadRight(width)}{option.Description}");
        }
    }

    private static void AppendExitCodes(StringBuilder text, IEnumerable<(string Code, string Meaning)> codes)
    {
        text.AppendLine("Exit codes:");
        foreach (var (code, meaning) in codes)
        {
            text.AppendLine($"  {code,-5}{meaning}");
        }
    }

    private static void AppendLines(StringBuilder text, IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            text.AppendLine(line);
        }
    }
}
