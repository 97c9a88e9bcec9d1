using System.CommandLine;
using Coordination.Locks;

namespace Coordination.Cli;

/// <summary><c>coord acquire</c>: takes a lock and leaves it held after coord exits.</summary>
internal sealed class AcquireCommand : CoordCommand
{
    private readonly Option<string> _owner = CommandInputs.Owner("Who takes the lock. Default {user}@{host}:{pid}, printed so that you can release it later.");
    private readonly Option<TimeSpan?> _wait = CommandInputs.Wait("Wait up to this long for the lock, in the lock's FIFO queue. Default: do not wait (try once).");
    private readonly Option<TimeSpan?> _lease = CommandInputs.Lease("How long the lock is held without renewal. Default: the silo's default lease (30s unless configured).");

    public AcquireCommand()
        : base("acquire", "Take a lock; it stays held after coord exits, until its lease ends or it is released.")
    {
        Command.Add(_owner);
        Command.Add(_wait);
        Command.Add(_lease);
    }

    public override IReadOnlyList<string> Details =>
    [
        "Takes the lock <key> for --owner and prints the holder, the fencing token and the lease expiry.",
        "Without --wait it tries once; with --wait it waits up to that long in the lock's FIFO queue.",
        "Acquiring again with the same owner succeeds with the same token and extends the lease.",
        "",
        "coord exits once the lock is acquired, and nothing renews the lease: the lock stays held until",
        "the lease expires or it is released with 'coord release <key> --owner O --token N'. Extend it",
        "with 'coord renew', or use 'coord exec' to hold a lock, renewed, while a command runs.",
    ];

    public override IReadOnlyList<(string Code, string Meaning)> ExitCodes => [("0", "acquired"), ("1", "not acquired (held by another owner, the wait ran out, or the queue is full)")];

    public override async Task<CommandReport> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var key = context.Parse.GetRequiredValue(Key);
        var owner = context.Parse.GetValue(_owner) ?? DefaultOwner.Value;
        var wait = context.Parse.GetValue(_wait);
        var lease = context.Parse.GetValue(_lease);

        await using var connection = await context.ConnectAsync(cancellationToken).ConfigureAwait(false);
        var grain = connection.Client.GetGrain<ILockGrain>(key);
        LockResult result;
        try
        {
            result = wait is { } limit && limit > TimeSpan.Zero
                ? await WaitAsync(context, connection, grain, owner, limit, lease, cancellationToken).ConfigureAwait(false)
                : await context.CallAsync(connection, () => grain.TryAcquire(owner, lease).AsTask(), cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// Waits in the lock's queue. The grain's <c>Acquire</c> has a response timeout of a day (waits may be long), so
    /// coord bounds the call itself, to the wait plus <c>--timeout</c>: cancelling takes it out of the queue at once.
    /// </summary>
    /// <exception cref="TimeoutException">No answer within that bound; the lock was given back if it had been granted.</exception>
    private static async Task<LockResult> WaitAsync(CommandContext context, ClusterConnection connection, ILockGrain grain, string owner, TimeSpan wait, TimeSpan? lease, CancellationToken cancellationToken)
    {
        var bound = wait + context.Common.Timeout;
        using var unanswered = new CancellationTokenSource(bound);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, unanswered.Token);
        try
        {
            return await context.CallAsync(connection, () => grain.Acquire(owner, wait, lease, either.Token), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException cancelled) when (unanswered.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await ReleaseIfGrantedAsync(grain, owner).ConfigureAwait(false);
            throw new TimeoutException($"the waiting acquire was not answered within {Durations.Format(bound)} (the wait and --timeout)", cancelled);
        }
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
