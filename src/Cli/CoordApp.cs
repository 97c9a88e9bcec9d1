using System.CommandLine;

namespace Coordination.Cli;

/// <summary>
/// The coord tool: <c>coord &lt;command&gt; &lt;key&gt; [options]</c>. Writes results to <c>stdout</c> (with
/// <c>--json</c>, exactly one JSON object), messages to <c>stderr</c>, and returns the exit code.
/// </summary>
internal static class CoordApp
{
    /// <summary>Runs one command; <paramref name="cancellationToken"/> is Ctrl+C or SIGTERM (exit code 130).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CoordAppSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentNullException.ThrowIfNull(settings);

        var commandLine = new CoordCommandLine();
        var parse = commandLine.Parse(args);
        // Before "--" only: after it, exec's command has arguments of its own. "--json=yes" is a usage error, in words.
        var json = args.TakeWhile(a => a != "--").Contains(commandLine.Common.Json.Name);
        CommonValues? common = null;
        CommandReport report;
        try
        {
            if (parse.CommandResult.Command == commandLine.HelpCommand && parse.Errors.Count == 0)
            {
                parse = commandLine.Parse(commandLine.HelpRequest(parse));
            }

            if (parse.Action is not null && parse.Action.ClearsParseErrors)
            {
                // Help: System.CommandLine writes it, with coord's epilogue.
                return await parse.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false }, cancellationToken).ConfigureAwait(false);
            }

            if (commandLine.DescribeErrors(parse, args) is { } problem)
            {
                throw new UsageException(problem);
            }

            var command = commandLine.Selected(parse) ?? throw new UsageException("no command given; run 'coord --help' for the commands.");
            common = commandLine.Common.Read(parse);
            var context = new CommandContext { Parse = parse, Common = common, Json = json, Stderr = stderr, Settings = settings };
            report = await command.RunAsync(context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            report = ErrorReports.For(exception, common, cancellationToken.IsCancellationRequested);
        }

        report.WriteTo(stdout, stderr, json);
        return report.ExitCode;
    }
}
