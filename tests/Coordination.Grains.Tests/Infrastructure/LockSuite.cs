using Microsoft.Extensions.Time.Testing;

namespace Coordination.Grains.Tests;

/// <summary>Base of the lock suites: each runs once per store and silo count, on the cluster of its collection.</summary>
public abstract class LockSuite(LockClusterFixture fixture)
{
    protected LockClusterFixture Fixture => fixture;

    protected LockCluster Locks => fixture.Locks;

    protected FakeTimeProvider Clock => fixture.Locks.Clock;

    /// <summary>A key no other test uses, named after the test for the logs.</summary>
    protected static string NewKey(string? name = null) =>
        $"{name ?? TestContext.Current.TestMethod?.MethodName ?? "key"}/{Guid.NewGuid():N}";
}
