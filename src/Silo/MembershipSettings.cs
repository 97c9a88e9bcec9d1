using Coordination.Configuration;
using Orleans.Configuration;

namespace Coordination.Silo;

/// <summary>
/// Where the membership table lives and how quickly a lost silo is noticed. Bound from <c>Coordination:Membership</c>
/// and mapped onto Orleans' <see cref="ClusterMembershipOptions"/>; a timing left unset keeps Orleans' default.
/// </summary>
internal sealed class MembershipSettings
{
    public const string SectionName = "Coordination:Membership";

    /// <summary>
    /// <c>Memory</c>: Orleans' development membership, kept in this silo, so the silo is a cluster of one.
    /// <c>Elasticsearch</c>: the <c>coordination-membership</c> index, shared by every silo of the cluster. Default: the
    /// same as <c>Coordination:Storage:Provider</c>, so one setting makes a silo a cluster member.
    /// </summary>
    public string? Provider { get; set; }

    /// <summary>How long a probe of another silo may take before it counts as missed (Orleans <c>ProbeTimeout</c>, default 5 s).</summary>
    public TimeSpan? ProbeTimeout { get; set; }

    /// <summary>Missed probes before a silo suspects another (Orleans <c>NumMissedProbesLimit</c>, default 3).</summary>
    public int? MissedProbesLimit { get; set; }

    /// <summary>How many other silos each silo probes (Orleans <c>NumProbedSilos</c>, default 3).</summary>
    public int? ProbedSilos { get; set; }

    /// <summary>Suspicions that declare a silo dead (Orleans <c>NumVotesForDeathDeclaration</c>, default 2).</summary>
    public int? VotesForDeath { get; set; }

    /// <summary>How long a suspicion counts (Orleans <c>DeathVoteExpirationTimeout</c>, default 2 min).</summary>
    public TimeSpan? VoteExpiration { get; set; }

    /// <summary>How often a silo writes that it is alive (Orleans <c>IAmAliveTablePublishTimeout</c>, default 5 min).</summary>
    public TimeSpan? HeartbeatInterval { get; set; }

    /// <summary>How often a silo re-reads the table (Orleans <c>TableRefreshTimeout</c>, default 1 min; gossip carries changes sooner).</summary>
    public TimeSpan? TableRefreshInterval { get; set; }

    /// <summary>How long a dead silo's entry stays before it is removed (Orleans <c>DefunctSiloExpiration</c>, default 7 days).</summary>
    public TimeSpan? DefunctSiloRetention { get; set; }

    public bool IsElasticsearch(StorageOptions storage) =>
        string.Equals(string.IsNullOrWhiteSpace(Provider) ? storage.Provider : Provider, "Elasticsearch", StringComparison.OrdinalIgnoreCase);

    public List<string> Validate()
    {
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(Provider)
            && !Provider.Equals("Memory", StringComparison.OrdinalIgnoreCase)
            && !Provider.Equals("Elasticsearch", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"{SectionName}:Provider is '{Provider}'; use Memory (a silo on its own) or Elasticsearch (a cluster), or leave it unset to follow Coordination:Storage:Provider.");
        }

        Check(failures, nameof(ProbeTimeout), ProbeTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1));
        Check(failures, nameof(MissedProbesLimit), MissedProbesLimit, 1, 100);
        Check(failures, nameof(ProbedSilos), ProbedSilos, 1, 100);
        Check(failures, nameof(VotesForDeath), VotesForDeath, 1, 100);
        Check(failures, nameof(VoteExpiration), VoteExpiration, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        Check(failures, nameof(HeartbeatInterval), HeartbeatInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1));
        Check(failures, nameof(TableRefreshInterval), TableRefreshInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(10));
        Check(failures, nameof(DefunctSiloRetention), DefunctSiloRetention, TimeSpan.FromMinutes(1), TimeSpan.FromDays(365));
        return failures;
    }

    public void ApplyTo(ClusterMembershipOptions options)
    {
        options.ProbeTimeout = ProbeTimeout ?? options.ProbeTimeout;
        options.NumMissedProbesLimit = MissedProbesLimit ?? options.NumMissedProbesLimit;
        options.NumProbedSilos = ProbedSilos ?? options.NumProbedSilos;
        options.NumVotesForDeathDeclaration = VotesForDeath ?? options.NumVotesForDeathDeclaration;
        options.DeathVoteExpirationTimeout = VoteExpiration ?? options.DeathVoteExpirationTimeout;
        options.IAmAliveTablePublishTimeout = HeartbeatInterval ?? options.IAmAliveTablePublishTimeout;
        options.TableRefreshTimeout = TableRefreshInterval ?? options.TableRefreshTimeout;
        options.DefunctSiloExpiration = DefunctSiloRetention ?? options.DefunctSiloExpiration;
    }

    private static void Check(List<string> failures, string name, TimeSpan? value, TimeSpan minimum, TimeSpan maximum)
    {
        if (value is { } set)
        {
            OptionRules.Range(failures, $"{SectionName}:{name}", set, minimum, maximum);
        }
    }

    private static void Check(List<string> failures, string name, int? value, int minimum, int maximum)
    {
        if (value is { } set)
        {
            OptionRules.Range(failures, $"{SectionName}:{name}", set, minimum, maximum);
        }
    }
}
