namespace Coordination.TestingHost;

/// <summary>Settings of a test cluster.</summary>
public sealed class TestClusterOptions
{
    /// <summary>How many silos <see cref="TestCluster.DeployAsync"/> starts. Default 1.</summary>
    public int InitialSilosCount { get; set; } = 1;

    /// <summary>The cluster id of every silo. Default: a fresh one per cluster, so clusters never mix.</summary>
    public string ClusterId { get; set; } = "test-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The clock of every silo; pass a <see cref="ManualTimeProvider"/> to drive time. Default: the system clock.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
