using Coordination.Locks;

namespace Coordination.Client.Cli;

/// <summary><c>coord release</c>: gives back a lock taken with acquire.</summary>
internal sealed class ReleaseCommand : CoordCommand
{
    public override string Name => "release";

    public override string Usage => "release <key> --owner O --token N";

    public override string Summary => "Release a lock, given the owner and fencing token that acquired it.";

    public override IReadOnlyList<string> Description =>
    [
        "Releases the lock <key> if --owner holds it with fencing token --token; the next waiter, if any,",
        "gets it at once. A lock whose lease has ended, or that another owner holds now, is not released.",
    ];

    public override IReadOnlyList<OptionSpec> Options => [CommandInputs.OwnerRequired, CommandInputs.TokenRequired];

    public override IReadOnlyList<(string Code, string Meaning)> ExitCodes => [("0", "released"), ("1", "not released: the owner and token do not hold the lock (any more)")];

    public override async Task<CommandReport> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var key = CommandInputs.Key(context.Arguments, Name);
        var owner = CommandInputs.RequiredOwner(context.Arguments);
        var token = CommandInputs.RequiredToken(context.Arguments);

        await using var client = await context.ConnectAsync(cancellationToken).ConfigureAwait(false);
        var grain = client.GetGrain<ILockGrain>(key);
        var released = await context.CallAsync(() => grain.Release(owner, token), cancellationToken).ConfigureAwait(false);
        var report = new CommandReport(released ? Cli.ExitCodes.Success : Cli.ExitCodes.Refused)
            .Field("key", key)
            .Field("owner", owner)
            .Field("fencingToken", token)
            .Field("released", released);
        if (released)
        {
            return report.Line($"released {key} (owner {owner}, fencing token {token})");
        }

        var status = await LockText.TryGetStatusAsync(grain).ConfigureAwait(false);
        report.Field("holder", status?.Holder);
        var now = status is null ? string.Empty : $"; it is {LockText.Holding(status)}";
        return report.Line($"not released: {owner} does not hold {key} with fencing token {token}{now}");
    }
}
