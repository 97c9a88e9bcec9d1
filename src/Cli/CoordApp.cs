namespace Coordination.Client.Cli;

/// <summary>
/// The coord tool: <c>coord &lt;command&gt; &lt;key&gt; [options]</c>. Writes results to <c>stdout</c> (with
/// <c>--json</c>, exactly one JSON object), messages to <c>stderr</c>, and returns the exit code.
/// </summary>
public static class CoordApp
{
    internal static readonly IReadOnlyList<CoordCommand> Commands =
        [new AcquireCommand(), new ReleaseCommand(), new RenewCommand(), new StatusCommand(), new ExecCommand()];

    /// <summary>Runs one command; <paramref name="cancellationToken"/> is Ctrl+C (exit code 130).</summary>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken) =>
        RunAsync(args, stdout, stderr, new CoordAppSettings(), cancellationToken);

    internal static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CoordAppSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentNullException.ThrowIfNull(settings);

        // Before "--" only: after it, exec's command has arguments of its own.
        var options = args.TakeWhile(a => a != ArgumentParser.Separator).ToList();
        var json = options.Contains(CommonOptions.Json);
        var helpRequested = options.Any(a => a is "--help" or "-h");
        CommonOptions? common = null;
        CommandReport report;
        try
        {
            var commandIndex = FindCommand(options);
            var name = commandIndex >= 0 ? args[commandIndex] : null;
            if (name == "help")
            {
                var topic = options.Skip(commandIndex + 1).FirstOrDefault(a => !a.StartsWith('-'));
                stdout.Write(topic is null ? HelpText.General(Commands) : HelpText.For(Find(topic)));
                return ExitCodes.Success;
            }

            if (name is null)
            {
                if (helpRequested)
                {
                    stdout.Write(HelpText.General(Commands));
                    return ExitCodes.Success;
                }

                throw new UsageException("no command given; run 'coord --help' for the commands.");
            }

            var command = Find(name);
            if (helpRequested)
            {
                stdout.Write(HelpText.For(command));
                return ExitCodes.Success;
            }

            var rest = args.Where((_, i) => i != commandIndex).ToList();
            var arguments = ArgumentParser.Parse(rest, [.. command.Options, .. CommonOptions.Specs], command.Name, commandFollowsSeparator: command is ExecCommand);
            common = CommonOptions.From(arguments);
            var context = new CommandContext { Arguments = arguments, Common = common, Json = json, Stderr = stderr, Settings = settings };
            report = await command.RunAsync(context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            report = ErrorReports.For(exception, common, cancellationToken.IsCancellationRequested);
        }

        report.WriteTo(stdout, stderr, json);
        return report.ExitCode;
    }

    private static CoordCommand Find(string name) =>
        Commands.FirstOrDefault(c => c.Name == name)
        ?? throw new UsageException($"unknown command '{name}'; the commands are {string.Join(", ", Commands.Select(c => c.Name))} (see 'coord --help').");

    /// <summary>The index of the first argument that is neither an option nor the value of a common option; -1 if none.</summary>
    private static int FindCommand(List<string> options)
    {
        for (var i = 0; i < options.Count; i++)
        {
            var argument = options[i];
            if (!argument.StartsWith('-'))
            {
                return i;
            }

            if (CommonOptions.Specs.Any(o => o.TakesValue && o.Name == argument))
            {
                i++;
            }
        }

        return -1;
    }
}
