using System.CommandLine;
using Coordination.Locks;

namespace Coordination.Cli;

/// <summary><c>coord renew</c>: extends the lease of a held lock.</summary>
internal sealed class RenewCommand : CoordCommand
{
    private readonly Option<string> _owner = CommandInputs.Owner("The owner that acquired the lock (required).");
    private readonly Option<long> _token = CommandInputs.Token();
    private readonly Option<TimeSpan?> _lease = CommandInputs.Lease("How long the lock is held without renewal. Default: the silo's default lease (30s unless configured).");

    public RenewCommand()
        : base("renew", "Extend the lease of a lock, given the owner and fencing token that acquired it.")
    {
        Command.Add(_owner);
        Command.Add(_token);
        Command.Add(_lease);
        CommandInputs.Require(Command, _owner, "the owner that acquired the lock");
        CommandInputs.Require(Command, _token, "the fencing token the acquisition printed");
    }

    public override IReadOnlyList<string> Details =>
    [
        "Extends the lease of the lock <key> if --owner holds it with fencing token --token and the lease",
        "has not ended yet. The new lease runs from now: --lease, or the silo's default lease.",
    ];

    public override IReadOnlyList<(string Code, string Meaning)> ExitCodes => [("0", "renewed"), ("1", "not renewed: the owner and token do not hold the lock, or its lease has ended")];

    public override async Task<CommandReport> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var key = context.Parse.GetRequiredValue(Key);
        var owner = context.Parse.GetRequiredValue(_owner);
        var token = context.Parse.GetValue(_token);
        var lease = context.Parse.GetValue(_lease);

        await using var connection = await context.ConnectAsync(cancellationToken).ConfigureAwait(false);
        var grain = connection.Client.GetGrain<ILockGrain>(key);
        var result = await context.CallAsync(connection, () => grain.Renew(owner, token, lease), cancellationToken).ConfigureAwait(false);
        var report = new CommandReport(result.Acquired ? Cli.ExitCodes.Success : Cli.ExitCodes.Refused)
            .Field("key", key)
            .Field("owner", owner)
            .Field("fencingToken", token)
            .Field("renewed", result.Acquired)
            .Field("outcome", LockText.Outcome(result.Outcome))
            .Field("holder", result.Holder)
            .Field("leaseExpiresAt", result.LeaseExpiresAt);
        if (result.Acquired)
        {
            return report.Line($"renewed {key} for {owner}, fencing token {token}, {LockText.Expiry(result.LeaseExpiresAt)}");
        }

        var now = result.Holder is { } holder ? $"it is held by {holder} ({LockText.Expiry(result.LeaseExpiresAt)})" : "it is free";
        return report.Line($"not renewed: {owner} does not hold {key} with fencing token {token}; {now}");
    }
}
