namespace Coordination.ElasticsearchEmulator;

/// <summary>A snapshot of request counts by operation since the emulator started or the counters were reset.</summary>
public sealed record EmulatorStats(long Index, long Create, long Get, long Delete, long Update, long Search, long Bulk, long Other)
{
    public long Total => Index + Create + Get + Delete + Update + Search + Bulk + Other;

    public long this[EmulatorOperations operation] => operation switch
    {
        EmulatorOperations.Index => Index,
        EmulatorOperations.Create => Create,
        EmulatorOperations.Get => Get,
        EmulatorOperations.Delete => Delete,
        EmulatorOperations.Update => Update,
        EmulatorOperations.Search => Search,
        EmulatorOperations.Bulk => Bulk,
        EmulatorOperations.Other => Other,
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "Pick a single operation."),
    };
}
