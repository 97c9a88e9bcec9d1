using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;

namespace Coordination.Cli;

/// <summary>
/// coord's command line as System.CommandLine sees it: the root <c>coord</c>, its commands and options, and what
/// coord adds to System.CommandLine's help (durations, exit codes, each command's longer description) and to its
/// errors (worded with coord's names for things, one problem at a time).
/// </summary>
internal sealed class CoordCommandLine
{
    private const int HelpWidth = 120;

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

    private readonly Argument<string?> _helpTopic = new("command") { Description = "The command to show help for.", Arity = ArgumentArity.ZeroOrOne };

    public CoordCommandLine()
    {
        Commands = [new AcquireCommand(), new ReleaseCommand(), new RenewCommand(), new StatusCommand(), new ExecCommand()];
        Root = new Command("coord", "Distributed locks of a Coordination cluster, from the command line.");
        foreach (var command in Commands)
        {
            Root.Add(command.Command);
        }

        HelpCommand = new Command("help", "Show this help, or a command's.") { _helpTopic };
        Root.Add(HelpCommand);
        foreach (var option in Common.All)
        {
            Root.Add(option);
        }

        var help = new HelpOption();
        help.Action = new CoordHelpAction(new HelpAction { MaxWidth = HelpWidth }, this);
        Root.Add(help);
    }

    public Command Root { get; }

    public IReadOnlyList<CoordCommand> Commands { get; }

    public CommonOptions Common { get; } = new();

    /// <summary><c>coord help [command]</c>, as people used to other tools type it.</summary>
    public Command HelpCommand { get; }

    public ParseResult Parse(IReadOnlyList<string> args) => Root.Parse(args);

    /// <summary>The coord command that <paramref name="parse"/> selected, or null for the root or <c>help</c>.</summary>
    public CoordCommand? Selected(ParseResult parse) => Commands.FirstOrDefault(c => c.Command == parse.CommandResult.Command);

    /// <summary>The help topic of <c>coord help [command]</c>: the command line that shows it.</summary>
    /// <exception cref="UsageException">The topic is not a command.</exception>
    public string[] HelpRequest(ParseResult parse) => parse.GetValue(_helpTopic) switch
    {
        null => ["--help"],
        var topic when Commands.Any(c => c.Name == topic) => [topic, "--help"],
        var topic => throw new UsageException(UnknownCommand(topic)),
    };

    /// <summary>What coord adds after System.CommandLine's help for <paramref name="command"/>.</summary>
    public string HelpEpilogue(Command command)
    {
        var text = new StringWriter();
        if (Commands.FirstOrDefault(c => c.Command == command) is { } selected)
        {
            WriteLines(text, selected.Details);
            text.WriteLine();
            WriteLines(text, s_durations);
            text.WriteLine();
            var codes = selected.ExitCodes
                .Concat(s_exitCodes.Where(c => c.Code is "2" or "3" or "130" && selected.ExitCodes.All(own => own.Code != c.Code)))
                .OrderBy(c => int.TryParse(c.Code, out var number) ? number : -1);
            WriteExitCodes(text, codes);
        }
        else
        {
            WriteLines(text, s_durations);
            text.WriteLine();
            text.WriteLine("acquire leaves the lock held after coord exits, until its lease expires or it is released.");
            text.WriteLine();
            WriteExitCodes(text, s_exitCodes);
            text.WriteLine("  exec exits with its command's exit code when the command ran to its end.");
            text.WriteLine();
            text.WriteLine("Set COORD_LOG_LEVEL (Debug, Information, Warning, ...) to log coord's and Orleans' diagnostics to stderr.");
            text.WriteLine("Run 'coord <command> --help' for a command's options.");
        }

        return text.ToString();
    }

    /// <summary>
    /// The first problem with the command line, in coord's words; null when it parsed. Problems are taken in the
    /// order a reader meets them: a missing or unknown command, then words the command does not take, then bad
    /// option values, then a missing key.
    /// </summary>
    public string? DescribeErrors(ParseResult parse, IReadOnlyList<string> args)
    {
        if (parse.Errors.Count == 0)
        {
            return null;
        }

        var command = parse.CommandResult.Command;
        if (parse.UnmatchedTokens.FirstOrDefault() is { } unmatched)
        {
            return command == Root
                ? unmatched.StartsWith('-') && unmatched.Length > 1 ? $"unknown option {unmatched}; see 'coord --help'." : UnknownCommand(unmatched)
                : Unmatched(args, command, unmatched);
        }

        var missingKey = default(string);
        foreach (var error in parse.Errors)
        {
            switch (error.SymbolResult)
            {
                case OptionResult option when option.Tokens.Count == 0 && option.Option.Arity.MinimumNumberOfValues > 0:
                    return $"{option.Option.Name} needs a value: {option.Option.Name} {option.Option.HelpName}.";
                case OptionResult option when option.IdentifierTokenCount > 1 && option.Option.Arity.MaximumNumberOfValues == 1:
                    return $"{option.Option.Name} is given more than once.";
                case ArgumentResult argument when argument.Tokens.Count == 0 && argument.Argument.Name == "key":
                    missingKey ??= $"'coord {command.Name}' needs a {CommandInputs.KeyName}, the name of the lock.";
                    break;
                case CommandResult when command == Root:
                    // "Required command was not provided": said below, once any other problem has been.
                    break;
                default:
                    return error.Message;
            }
        }

        return missingKey ?? "no command given; run 'coord --help' for the commands.";
    }

    private string UnknownCommand(string word) =>
        $"unknown command '{word}'; the commands are {string.Join(", ", Commands.Select(c => c.Name))} (see 'coord --help').";

    private string Unmatched(IReadOnlyList<string> args, Command command, string unmatched)
    {
        // System.CommandLine splits "--json=yes" into the flag and a stray word "yes".
        var beforeSeparator = args.TakeWhile(a => a != "--").ToList();
        var flag = Common.All.Concat(command.Options).Where(o => o.Arity.MaximumNumberOfValues == 0)
            .SelectMany(o => o.Aliases.Append(o.Name))
            .FirstOrDefault(name => beforeSeparator.Contains($"{name}={unmatched}"));
        if (flag is not null)
        {
            return $"{flag} takes no value.";
        }

        var operand = command == HelpCommand ? "<command>" : CommandInputs.KeyName;
        return unmatched.StartsWith('-') && unmatched.Length > 1
            ? $"unknown option {unmatched} for 'coord {command.Name}'; see 'coord {command.Name} --help'."
            : $"'coord {command.Name}' takes one {operand}; '{unmatched}' is one too many.";
    }

    private static void WriteLines(TextWriter text, IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            text.WriteLine(line);
        }
    }

    private static void WriteExitCodes(TextWriter text, IEnumerable<(string Code, string Meaning)> codes)
    {
        text.WriteLine("Exit codes:");
        foreach (var (code, meaning) in codes)
        {
            text.WriteLine($"  {code,-5}{meaning}");
        }
    }

    /// <summary>System.CommandLine's help, then coord's epilogue for the same command.</summary>
    private sealed class CoordHelpAction(HelpAction standard, CoordCommandLine commandLine) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            standard.Invoke(parseResult);
            parseResult.InvocationConfiguration.Output.Write(commandLine.HelpEpilogue(parseResult.CommandResult.Command));
            return ExitCodes.Success;
        }
    }
}
