using System.CommandLine;

namespace Coordination.Cli;

/// <summary>
/// One coord command: its System.CommandLine definition (the <c>&lt;key&gt;</c> operand, its own options, a one-line
/// summary), the longer text and exit codes its help adds, and what it does.
/// </summary>
internal abstract class CoordCommand
{
    protected CoordCommand(string name, string summary)
    {
        Command = new Command(name, summary) { Key };
    }

    public Command Command { get; }

    public string Name => Command.Name;

    /// <summary>The lock's name.</summary>
    public Argument<string> Key { get; } = CommandInputs.Key();

    /// <summary>What the command does, for its help after the options; lines of at most about 100 characters.</summary>
    public abstract IReadOnlyList<string> Details { get; }

    /// <summary>Exit codes particular to the command, for its help (code, meaning).</summary>
    public abstract IReadOnlyList<(string Code, string Meaning)> ExitCodes { get; }

    /// <summary>Does the work, with arguments that parsed; throws <see cref="UsageException"/> for input only the command can judge.</summary>
    public abstract Task<CommandReport> RunAsync(CommandContext context, CancellationToken cancellationToken);
}
