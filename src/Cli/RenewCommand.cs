using Coordination.Locks;

namespace Coordination.Client.Cli;

/// <summary><c>coord renew</c>: extends the lease of a held lock.</summary>
internal sealed class RenewCommand : CoordCommand
{
    public override string Name => "renew";

    public override string Usage => "renew <key> --owner O --token N [--lease DURATION]";

    public override string Summary => "Extend the lease of a lock, given the owner and fencing token that acquired it.";

    public override IReadOnlyList<string> Description =>
    [
        "Extends the lease of the lock <key> if --owner holds it with fencing token --token and the lease",
        "has not ended yet. The new lease runs from now: --lease, or the silo's default lease.",
    ];

    public override IReadOnlyList<OptionSpec> Options => [CommandInputs.OwnerRequired, CommandInputs.TokenRequired, CommandInputs.LeaseSpec];

    public override IReadOnlyList<(string Code, string Meaning)> ExitCodes => [("0", "renewed"), ("1", "not renewed: the owner and token do not hold the lock, or its lease has ended")];

    public override async Task<CommandReport> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var key = CommandInputs.Key(context.Arguments, Name);
        var owner = CommandInputs.RequiredOwner(context.Arguments);
        var token = CommandInputs.RequiredToken(context.Arguments);
        var lease = CommandInputs.OptionalLease(context.Arguments);

        await using var client = await context.ConnectAsync(cancellationToken).ConfigureAwait(false);
        var grain = client.GetGrain<ILockGrain>(key);
        var result = await context.CallAsync(() => grain.Renew(owner, token, lease), cancellationToken).ConfigureAwait(false);
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
