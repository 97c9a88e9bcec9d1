using Coordination.Runtime.Messaging;

namespace Coordination.Runtime.Membership;

/// <summary>One silo's row in the membership table.</summary>
/// <param name="Silo">Endpoint plus generation: a restarted process is a new silo.</param>
/// <param name="SiloName">For logs.</param>
/// <param name="Status">Its status.</param>
/// <param name="StartedAt">When the silo started.</param>
/// <param name="Suspicions">Votes by other silos that could not reach it.</param>
/// <param name="GatewayEndpoint">Where clients connect to it, <c>host:port</c>, if it accepts clients.</param>
/// <param name="Store">The identity of the store that keeps its lock state (<see cref="Storage.ClusterStore"/>); silos of one cluster must agree.</param>
/// <param name="DiedAt">When it became Dead; null while it is not (and for entries written before this was recorded).</param>
public sealed record MembershipEntry(
    SiloAddress Silo,
    string SiloName,
    SiloStatus Status,
    DateTimeOffset StartedAt,
    IReadOnlyList<SuspicionVote> Suspicions,
    string? GatewayEndpoint = null,
    string? Store = null,
    DateTimeOffset? DiedAt = null)
{
    /// <summary>This entry with <paramref name="status"/>, stamped with <paramref name="at"/> if that makes it Dead.</summary>
    public MembershipEntry WithStatus(SiloStatus status, DateTimeOffset at) =>
        this with { Status = status, DiedAt = status == SiloStatus.Dead ? DiedAt ?? at : null };

    /// <summary>
    /// True when the entry has been Dead for <paramref name="retention"/> at <paramref name="now"/>, and can go.
    /// An entry that does not say when it died counts from its start.
    /// </summary>
    public bool IsDefunct(DateTimeOffset now, TimeSpan retention) =>
        Status == SiloStatus.Dead && now - (DiedAt ?? StartedAt) >= retention;
}

/// <summary>A silo's vote that another one is dead, with when it was cast (old votes expire).</summary>
public sealed record SuspicionVote(SiloAddress Suspector, DateTimeOffset CastAt);
