using Coordination.Runtime.Membership;

namespace Coordination.TestingHost;

/// <summary>Settings of a test cluster.</summary>
public sealed class TestClusterOptions
{
    /// <summary>How many silos <see cref="TestCluster.DeployAsync"/> starts. Default 1.</summary>
    public int InitialSilosCount { get; set; } = 1;

    /// <summary>The cluster id of every silo. Default: a fresh one per cluster, so clusters never mix.</summary>
    public string ClusterId { get; set; } = "test-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The clock of every silo's grains; pass a <see cref="ManualTimeProvider"/> to drive time. Default: the system clock.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// How long <see cref="TestCluster.WaitForLivenessToStabilizeAsync"/> waits before it gives up and reports
    /// each silo's view. Default 1 minute: failure detection takes about a second in a test cluster, so
    /// reaching this means the cluster is not converging.
    /// </summary>
    public TimeSpan LivenessTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Failure detection for test clusters: a killed silo is declared dead within about a second, while a
    /// busy machine still needs three probes in a row to go unanswered for a full second each before a
    /// healthy silo is suspected. Silo configurators may override any of it.
    /// </summary>
    internal static void ApplyTestMembershipTimings(MembershipOptions options)
    {
        options.ProbeInterval = TimeSpan.FromMilliseconds(200);
        options.ProbeTimeout = TimeSpan.FromSeconds(1);
        options.MissedProbesLimit = 3;
        options.TableRefreshInterval = TimeSpan.FromMilliseconds(200);
        options.HeartbeatInterval = TimeSpan.FromSeconds(1);
    }
}
