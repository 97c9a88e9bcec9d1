namespace Coordination.Client.Cli;

/// <summary>One coord command: how it is called, its help, and what it does.</summary>
internal abstract class CoordCommand
{
    public abstract string Name { get; }

    /// <summary>The synopsis after <c>coord</c>, e.g. <c>status &lt;key&gt;</c>.</summary>
    public abstract string Usage { get; }

    /// <summary>One line for the command list.</summary>
    public abstract string Summary { get; }

    /// <summary>What the command does, for its help; lines of at most about 100 characters.</summary>
    public abstract IReadOnlyList<string> Description { get; }

    /// <summary>The command's own options; the common options come on top.</summary>
    public abstract IReadOnlyList<OptionSpec> Options { get; }

    /// <summary>Exit codes particular to the command, for its help (code, meaning).</summary>
    public virtual IReadOnlyList<(string Code, string Meaning)> ExitCodes { get; } = [];

    /// <summary>Checks the arguments, then does the work. Throws <see cref="UsageException"/> for bad input.</summary>
    public abstract Task<CommandReport> RunAsync(CommandContext context, CancellationToken cancellationToken);
}
