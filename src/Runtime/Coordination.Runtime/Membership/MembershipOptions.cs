namespace Coordination.Runtime.Membership;

/// <summary>
/// Failure detection. Bound from <c>Coordination:Membership</c>. With the defaults a killed silo is probed
/// three times without answer within about four seconds, and declared dead once two silos have voted.
/// </summary>
public sealed class MembershipOptions
{
    public const string SectionName = "Coordination:Membership";

    /// <summary>How often each silo probes its neighbours. Default 1 second; 10 ms to 1 minute.</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a probe may go unanswered before it counts as missed. Default 1 second; 10 ms to 1 minute.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Missed probes in a row after which a silo votes its neighbour dead. Default 3; 1 to 100.</summary>
    public int MissedProbesLimit { get; set; } = 3;

    /// <summary>How many neighbours (the next silos on a ring of silo addresses) each silo probes. Default 3; 1 to 100.</summary>
    public int ProbedSilos { get; set; } = 3;

    /// <summary>Votes that declare a silo dead (fewer when fewer other silos are active). Default 2; 1 to 100.</summary>
    public int VotesForDeath { get; set; } = 2;

    /// <summary>How long a vote counts. Default 2 minutes; 1 second to 1 day.</summary>
    public TimeSpan VoteExpiration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often a silo writes its heartbeat. Default 5 seconds; 10 ms to 10 minutes.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long the entry of a dead silo stays in the table (for operators, and so a paused process can learn
    /// it was declared dead) before an active silo removes it, with its heartbeat. Without this the table, and
    /// every read of it, would grow with each restart. Default 1 day; 1 minute to 365 days.
    /// </summary>
    public TimeSpan DefunctSiloRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How often a silo re-reads the table to learn of joins, departures and deaths. Default 1 second; 10 ms to 1 minute.</summary>
    public TimeSpan TableRefreshInterval { get; set; } = TimeSpan.FromSeconds(1);
}
