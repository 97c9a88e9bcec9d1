using Coordination.Locks;

namespace Coordination.Client.Cli;

/// <summary><c>coord exec</c>: runs a command while holding a lock, renewed in the background.</summary>
internal sealed class ExecCommand : CoordCommand
{
    public const string KeyVariable = "COORD_KEY";
    public const string OwnerVariable = "COORD_OWNER";
    public const string FencingTokenVariable = "COORD_FENCING_TOKEN";

    public override string Name => "exec";

    public override string Usage => "exec <key> [--owner O] [--wait DURATION] [--lease DURATION] -- <command> [args...]";

    public override string Summary => "Run a command while holding a lock; release it when the command exits.";

    public override IReadOnlyList<string> Description =>
    [
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

    public override IReadOnlyList<OptionSpec> Options => [CommandInputs.OwnerDefaulted, CommandInputs.WaitSpec, ExecLease];

    public override IReadOnlyList<(string Code, string Meaning)> ExitCodes =>
    [
        ("N", "the command ran and exited with code N"),
        ("1", "not acquired (the command was not run), or the lock was lost and the command killed"),
        ("2", "bad usage, or the command could not be started"),
        ("130", "interrupted (Ctrl+C or SIGTERM); the command was stopped and the lock released"),
    ];

    private static OptionSpec ExecLease { get; } = new(CommandInputs.Lease, "DURATION", "The lease, renewed in the background every third of it while the command runs. Default 30s.");

    public override async Task<CommandReport> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var key = CommandInputs.Key(context.Arguments, Name);
        var owner = CommandInputs.OwnerOrDefault(context.Arguments);
        var wait = CommandInputs.OptionalWait(context.Arguments) ?? TimeSpan.Zero;
        var lease = CommandInputs.OptionalLease(context.Arguments);
        var command = context.Arguments.AfterSeparator;
        if (command is null || command.Count == 0)
        {
            throw new UsageException($"'coord exec' needs a command after '--': coord {Usage}.");
        }

        if (string.IsNullOrWhiteSpace(command[0]))
        {
            throw new UsageException("the command after '--' must not be empty.");
        }

        var options = new LockClientOptions();
        if (lease is { } chosen)
        {
            options.Lease = chosen;
        }

        await using var client = await context.ConnectAsync(cancellationToken).ConfigureAwait(false);
        var locks = new CoordinationLockProvider(client, options, context.Settings.LockClock);
        var distributedLock = locks.CreateLock(key, owner);
        var handle = await context.CallAsync(() => distributedLock.TryAcquireAsync(wait, cancellationToken).AsTask(), cancellationToken).ConfigureAwait(false);
        if (handle is null)
        {
            return await NotAcquiredAsync(context, client, key, owner, wait, cancellationToken).ConfigureAwait(false);
        }

        await using (handle.ConfigureAwait(false))
        {
            return await RunHoldingAsync(context, handle, command, cancellationToken).ConfigureAwait(false);
        }
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

    private static async Task<CommandReport> NotAcquiredAsync(CommandContext context, ClusterClient client, string key, string owner, TimeSpan wait, CancellationToken cancellationToken)
    {
        // Asked even though it may have changed since: it says who is in the way, and fails with the
        // cluster's error if the attempt failed because the cluster is unreachable.
        var grain = client.GetGrain<ILockGrain>(key);
        var status = await context.CallAsync(() => grain.GetStatus().AsTask(), cancellationToken).ConfigureAwait(false);
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
