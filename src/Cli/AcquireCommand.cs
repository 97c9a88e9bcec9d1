using Coordination.Locks;

namespace Coordination.Client.Cli;

/// <summary><c>coord acquire</c>: takes a lock and leaves it held after coord exits.</summary>
internal sealed class AcquireCommand : CoordCommand
{
    public override string Name => "acquire";

    public override string Usage => "acquire <key> [--owner O] [--wait DURATION] [--lease DURATION]";

    public override string Summary => "Take a lock; it stays held after coord exits, until its lease ends or it is released.";

    public override IReadOnlyList<string> Description =>
    [
        "Takes the lock <key> for --owner and prints the holder, the fencing token and the lease expiry.",
        "Without --wait it tries once; with --wait it waits up to that long in the lock's FIFO queue.",
        "Acquiring again with the same owner succeeds with the same token and extends the lease.",
        "",
        "coord exits once the lock is acquired, and nothing renews the lease: the lock stays held until",
        "the lease expires or it is released with 'coord release <key> --owner O --token N'. Extend it",
        "with 'coord renew', or use 'coord exec' to hold a lock, renewed, while a command runs.",
    ];

    public override IReadOnlyList<OptionSpec> Options => [CommandInputs.OwnerDefaulted, CommandInputs.WaitSpec, CommandInputs.LeaseSpec];

    public override IReadOnlyList<(string Code, string Meaning)> ExitCodes => [("0", "acquired"), ("1", "not acquired (held by another owner, the wait ran out, or the queue is full)")];

    public override async Task<CommandReport> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var key = CommandInputs.Key(context.Arguments, Name);
        var owner = CommandInputs.OwnerOrDefault(context.Arguments);
        var wait = CommandInputs.OptionalWait(context.Arguments);
        var lease = CommandInputs.OptionalLease(context.Arguments);

        await using var client = await context.ConnectAsync(cancellationToken).ConfigureAwait(false);
        var grain = client.GetGrain<ILockGrain>(key);
        LockResult result;
        try
        {
            result = await context.CallAsync(
                () => wait is { } limit && limit > TimeSpan.Zero
                    ? grain.Acquire(owner, limit, lease, cancellationToken)
                    : grain.TryAcquire(owner, lease).AsTask(),
                cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await ReleaseIfGrantedAsync(grain, owner).ConfigureAwait(false);
            throw;
        }

        var report = new CommandReport(result.Acquired ? Cli.ExitCodes.Success : Cli.ExitCodes.Refused)
            .Field("key", key)
            .Field("owner", owner)
            .Field("acquired", result.Acquired)
            .Field("outcome", LockText.Outcome(result.Outcome))
            .Field("holder", result.Holder);
        if (result.Acquired)
        {
            var again = result.Outcome == LockOutcome.AlreadyHeld ? " (already held by this owner; lease extended)" : string.Empty;
            return report
                .Field("fencingToken", result.FencingToken)
                .Field("leaseExpiresAt", result.LeaseExpiresAt)
                .Line($"acquired {key} as {owner}, fencing token {result.FencingToken}, {LockText.Expiry(result.LeaseExpiresAt)}{again}")
                .Line($"release with: coord release {ShellText.Quote(key)} --owner {ShellText.Quote(owner)} --token {result.FencingToken}");
        }

        // The refusal names the holder; the status adds its token and the queue, if it still describes that holder.
        var status = await LockText.TryGetStatusAsync(grain).ConfigureAwait(false);
        var token = status is not null && status.Holder == result.Holder ? status.FencingToken : (long?)null;
        report
            .Field("fencingToken", result.Holder is null ? null : token)
            .Field("leaseExpiresAt", result.LeaseExpiresAt)
            .Field("queueLength", status?.QueueLength);
        var holding = result.Holder is { } holder
            ? $"{key} is held by {holder} ({(token is { } t ? $"token {t}, " : string.Empty)}{LockText.Expiry(result.LeaseExpiresAt)})"
            : $"{key} was not free";
        return report.Line(result.Outcome switch
        {
            LockOutcome.QueueFull => $"not acquired: too many callers are already waiting for {key}{(status is null ? string.Empty : $" ({status.QueueLength})")}",
            LockOutcome.WaitTimedOut => $"not acquired within {Durations.Format(wait ?? TimeSpan.Zero)}: {holding}",
            _ => $"not acquired: {holding}",
        });
    }

    /// <summary>Interrupted while waiting: the grant may have committed anyway; if so, give the lock back. Best effort.</summary>
    private static async Task ReleaseIfGrantedAsync(ILockGrain grain, string owner)
    {
        if (await LockText.TryGetStatusAsync(grain).ConfigureAwait(false) is { } status && status.Holder == owner)
        {
            try
            {
                await grain.Release(owner, status.FencingToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not ArgumentException)
            {
                // The lease will end on its own.
            }
        }
    }
}
