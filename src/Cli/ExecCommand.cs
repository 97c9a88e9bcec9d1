using System.CommandLine;
using System.CommandLine.Parsing;
using Coordination.Client;
using Coordination.Locks;
using Microsoft.Extensions.Logging;

namespace Coordination.Cli;

/// <summary><c>coord exec</c>: runs a command while holding a lock, renewed in the background.</summary>
internal sealed class ExecCommand : CoordCommand
{
    public const string KeyVariable = "COORD_KEY";
    public const string OwnerVariable = "COORD_OWNER";
    public const string FencingTokenVariable = "COORD_FENCING_TOKEN";

    private const string Synopsis = "coord exec <key> [--owner O] [--wait DURATION] [--lease DURATION] -- <command> [args...]";

    private readonly Option<string> _owner = CommandInputs.Owner("Who takes the lock. Default {user}@{host}:{pid}.");
    private readonly Option<TimeSpan?> _wait = CommandInputs.Wait("Wait up to this long for the lock, in the lock's FIFO queue. Default: do not wait (try once).");
    private readonly Option<TimeSpan?> _lease = CommandInputs.Lease("The lease, renewed in the background every third of it while the command runs. Default 30s.");
    private readonly Argument<string[]> _command = new("command")
    {
        Description = "The command to run and its arguments, after '--'.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public ExecCommand()
        : base("exec", "Run a command while holding a lock; release it when the command exits.")
    {
        Command.Add(_owner);
        Command.Add(_wait);
        Command.Add(_lease);
        Command.Add(_command);
    }

    public override IReadOnlyList<string> Details =>
    [
        $"Usage: {Synopsis}",
        "",
        "Acquires the lock <key> (without --wait: one try; with --wait: waiting up to that long), then runs",
        "<command> directly, without a shell, with coord's stdin, stdout and stderr. The lease (--lease,",
        "default 30s) is renewed in the background every third of it. When the command exits, the lock is",
        "released and coord exits with the command's exit code. coord's own messages go to stderr.",
        "",
        "The command sees the lock in its environment, to pass the fencing token to what the lock protects:",
        $"  {KeyVariable}, {OwnerVariable}, {FencingTokenVariable}",
        "",
        "If the lock is lost while the command runs (a renewal is refused, or renewals fail until the lease",
        "would have ended), coord kills the command's whole process tree and exits 1. On Ctrl+C or SIGTERM,",
        "coord sends the command SIGTERM, kills its process tree if it has not exited within 5 seconds,",
        "releases the lock and exits 130. With --json, the one JSON object is written when the command has",
        "exited (the command's own output shares stdout).",
    ];

    public override IReadOnlyList<(string Code, string Meaning)> ExitCodes =>
    [
        ("N", "the command ran and exited with code N"),
        ("1", "not acquired (the command was not run), or the lock was lost and the command killed"),
        ("2", "bad usage, or the command could not be started"),
        ("130", "interrupted (Ctrl+C or SIGTERM); the command was stopped and the lock released"),
    ];

    public override async Task<CommandReport> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var key = context.Parse.GetRequiredValue(Key);
        var owner = context.Parse.GetValue(_owner) ?? DefaultOwner.Value;
        var wait = context.Parse.GetValue(_wait) ?? TimeSpan.Zero;
        var lease = context.Parse.GetValue(_lease);
        var command = CommandLine(context.Parse);

        var options = new LockClientOptions { CallTimeout = context.Common.Timeout };
        if (lease is { } chosen)
        {
            options.Lease = chosen;
        }

        await using var connection = await context.ConnectAsync(cancellationToken).ConfigureAwait(false);
        var locks = new CoordinationLockProvider(connection.Client, options, context.Settings.LockClock, connection.LoggerFactory.CreateLogger<CoordinationLockProvider>());
        var distributedLock = locks.CreateLock(key, owner);
        var handle = await context.CallAsync(connection, () => distributedLock.TryAcquireAsync(wait, cancellationToken).AsTask(), cancellationToken).ConfigureAwait(false);
        if (handle is null)
        {
            return await NotAcquiredAsync(context, connection, key, owner, wait, cancellationToken).ConfigureAwait(false);
        }

        await using (handle.ConfigureAwait(false))
        {
            return await RunHoldingAsync(context, handle, command, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The command to run: the words after <c>--</c>. System.CommandLine gives them to the <c>command</c> argument
    /// together with any stray words before <c>--</c>, so the count after the separator tells them apart.
    /// </summary>
    private IReadOnlyList<string> CommandLine(ParseResult parse)
    {
        var words = parse.GetValue(_command) ?? [];
        var tokens = parse.Tokens;
        var separator = 0;
        while (separator < tokens.Count && tokens[separator].Type != TokenType.DoubleDash)
        {
            separator++;
        }

        var afterSeparator = Math.Max(0, tokens.Count - separator - 1);
        if (words.Length > afterSeparator)
        {
            throw new UsageException($"'coord exec' takes one <key>; '{words[0]}' is one too many (the command goes after '--').");
        }

        if (words.Length == 0)
        {
            throw new UsageException($"'coord exec' needs a command after '--': {Synopsis}.");
        }

        if (string.IsNullOrWhiteSpace(words[0]))
        {
            throw new UsageException("the command after '--' must not be empty.");
        }

        return words;
    }

    private static async Task<CommandReport> RunHoldingAsync(CommandContext context, LockHandle handle, IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        var commandText = string.Join(' ', command.Select(ShellText.Quote));
        context.Progress($"acquired {handle.Key} as {handle.Owner}, fencing token {handle.FencingToken}, {LockText.Expiry(handle.LeaseExpiresAt)}; running {commandText}");
        var report = new CommandReport(Cli.ExitCodes.Success) { LinesToStderr = true }
            .Field("key", handle.Key)
            .Field("owner", handle.Owner)
            .Field("acquired", true)
            .Field("holder", handle.Owner)
            .Field("fencingToken", handle.FencingToken)
            .Field("leaseExpiresAt", handle.LeaseExpiresAt)
            .Field("command", command);

        var environment = new Dictionary<string, string>
        {
            [KeyVariable] = handle.Key,
            [OwnerVariable] = handle.Owner,
            [FencingTokenVariable] = handle.FencingToken.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        using var child = ChildProcess.Start(command, environment);
        using var lostRegistration = WhenCancelled(handle.HandleLostToken, out var lost);
        using var interruptRegistration = WhenCancelled(cancellationToken, out var interrupted);
        await Task.WhenAny(child.Exited, lost, interrupted).ConfigureAwait(false);

        // A lock lost while the command ran is reported even if the command exited at the same moment:
        // its work may not have been protected to the end.
        if (handle.IsLost)
        {
            await child.KillTreeAsync().ConfigureAwait(false);
            context.Stderr.WriteLine($"coord: lock lost: {handle.Key} (fencing token {handle.FencingToken}) could not be renewed; killed {commandText} (pid {child.Id}).");
            report.ExitCode = Cli.ExitCodes.Refused;
            report.Field("lockLost", true).Field("commandExitCode", child.ExitCode).Field("released", false);
            return report;
        }

        if (cancellationToken.IsCancellationRequested)
        {
            await child.StopAsync(context.Settings.StopGracePeriod).ConfigureAwait(false);
            report.ExitCode = Cli.ExitCodes.Interrupted;
            report.Field("interrupted", true);
        }
        else
        {
            report.ExitCode = child.ExitCode;
        }

        report.Field("lockLost", false).Field("commandExitCode", child.ExitCode);
        var released = await ReleaseAsync(context, handle).ConfigureAwait(false);
        report.Field("released", released);
        var ending = cancellationToken.IsCancellationRequested ? $"interrupted; stopped {commandText}" : $"{commandText} exited with code {child.ExitCode}";
        return report.Line($"coord: {ending}; {(released ? "released" : "could not release")} {handle.Key}");
    }

    private static async Task<bool> ReleaseAsync(CommandContext context, LockHandle handle)
    {
        try
        {
            if (await handle.ReleaseAsync().ConfigureAwait(false))
            {
                return true;
            }

            context.Warn($"{handle.Key} was no longer held by {handle.Owner} when the command exited.");
            return false;
        }
        catch (Exception exception) when (TransientErrors.IsTransient(exception))
        {
            context.Warn($"{handle.Key} could not be released ({exception.Message}); it stays held until its lease ends.");
            return false;
        }
    }

    private static async Task<CommandReport> NotAcquiredAsync(CommandContext context, ClusterConnection connection, string key, string owner, TimeSpan wait, CancellationToken cancellationToken)
    {
        // Asked even though it may have changed since: it says who is in the way, and fails with the
        // cluster's error if the attempt failed because the cluster is unreachable.
        var grain = connection.Client.GetGrain<ILockGrain>(key);
        var status = await context.CallAsync(connection, () => grain.GetStatus().AsTask(), cancellationToken).ConfigureAwait(false);
        var within = wait > TimeSpan.Zero ? $" within {Durations.Format(wait)}" : string.Empty;
        return new CommandReport(Cli.ExitCodes.Refused) { LinesToStderr = true }
            .Field("key", key)
            .Field("owner", owner)
            .Field("acquired", false)
            .Field("holder", status.Holder)
            .Field("fencingToken", status.Holder is null ? null : status.FencingToken)
            .Field("leaseExpiresAt", status.LeaseExpiresAt)
            .Field("queueLength", status.QueueLength)
            .Line($"coord: not acquired{within}: {key} is {LockText.Holding(status)}; the command was not run");
    }

    /// <summary>A task that completes when <paramref name="token"/> is cancelled (at once if it already is).</summary>
    private static CancellationTokenRegistration WhenCancelled(CancellationToken token, out Task cancelled)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cancelled = signal.Task;
        return token.Register(static state => ((TaskCompletionSource)state!).TrySetResult(), signal);
    }
}
