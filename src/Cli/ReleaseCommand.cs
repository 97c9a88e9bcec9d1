using System.CommandLine;
using Coordination.Locks;

namespace Coordination.Cli;

/// <summary><c>coord release</c>: gives back a lock taken with acquire.</summary>
internal sealed class ReleaseCommand : CoordCommand
{
    private readonly Option<string> _owner = CommandInputs.Owner("The owner that acquired the lock (required).");
    private readonly Option<long> _token = CommandInputs.Token();

    public ReleaseCommand()
        : base("release", "Release a lock, given the owner and fencing token that acquired it.")
    {
        Command.Add(_owner);
        Command.Add(_token);
        CommandInputs.Require(Command, _owner, "the owner that acquired the lock");
        CommandInputs.Require(Command, _token, "the fencing token the acquisition printed");
    }

    public override IReadOnlyList<string> Details =>
    [
        "Releases the lock <key> if --owner holds it with fencing token --token; the next waiter, if any,",
        "gets it at once. A lock whose lease has ended, or that another owner holds now, is not released.",
    ];

    public override IReadOnlyList<(string Code, string Meaning)> ExitCodes => [("0", "released"), ("1", "not released: the owner and token do not hold the lock (any more)")];

    public override async Task<CommandReport> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var key = context.Parse.GetRequiredValue(Key);
        var owner = context.Parse.GetRequiredValue(_owner);
        var token = context.Parse.GetValue(_token);

        await using var connection = await context.ConnectAsync(cancellationToken).ConfigureAwait(false);
        var grain = connection.Client.GetGrain<ILockGrain>(key);
        var released = await context.CallAsync(connection, () => grain.Release(owner, token), cancellationToken).ConfigureAwait(false);
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
