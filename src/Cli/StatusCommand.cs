using Coordination.Locks;

namespace Coordination.Cli;

/// <summary><c>coord status</c>: who holds a lock.</summary>
internal sealed class StatusCommand : CoordCommand
{
    public StatusCommand()
        : base("status", "Show who holds a lock, its fencing token, lease expiry and queue.")
    {
    }

    public override IReadOnlyList<string> Details =>
    [
        "Shows the holder of the lock <key>, its fencing token, when its lease ends and how many callers",
        "are waiting. When the lock is free, the fencing token is the last one issued (0: never held).",
    ];

    public override IReadOnlyList<(string Code, string Meaning)> ExitCodes => [("0", "the status was read, whether the lock is held or free")];

    public override async Task<CommandReport> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var key = context.Parse.GetRequiredValue(Key);

        await using var connection = await context.ConnectAsync(cancellationToken).ConfigureAwait(false);
        var grain = connection.Client.GetGrain<ILockGrain>(key);
        var status = await context.CallAsync(connection, () => grain.GetStatus().AsTask(), cancellationToken).ConfigureAwait(false);
        return new CommandReport(Cli.ExitCodes.Success)
            .Field("key", key)
            .Field("held", status.IsHeld)
            .Field("holder", status.Holder)
            .Field("fencingToken", status.FencingToken)
            .Field("leaseExpiresAt", status.LeaseExpiresAt)
            .Field("queueLength", status.QueueLength)
            .Line($"{key} is {LockText.Holding(status)}");
    }
}
