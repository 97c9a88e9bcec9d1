using Coordination.Runtime.Hosting;
using Coordination.Runtime.Membership;
using Coordination.TestingHost;
using Microsoft.Extensions.Options;

namespace Coordination.Runtime.Tests.Cluster;

public sealed class MembershipTests
{
    [Fact]
    public async Task Silos_that_join_are_active_in_the_table_and_in_every_view()
    {
        await using var cluster = await ClusterOf.StartAsync(3);

        var table = (await cluster.MembershipTable.ReadAsync(TestContext.Current.CancellationToken)).Data;
        Assert.Equal(3, table.Entries.Count);
        Assert.All(table.Entries, e => Assert.Equal(SiloStatus.Active, e.Status));
        Assert.All(cluster.ActiveSilos, s => Assert.Equal(cluster.ActiveSilos.Select(a => a.Address).Order(AddressOrder.Instance), s.Silo.Membership.Current.ActiveSilos));
        Assert.Equal(cluster.Silos.Select(s => s.Name).Order(), table.Entries.Select(e => e.SiloName).Order());
    }

    [Fact]
    public async Task A_killed_silo_is_voted_dead_by_the_silos_that_probe_it()
    {
        await using var cluster = await ClusterOf.StartAsync(3);
        var victim = cluster.Silos[1];

        await cluster.KillSiloAsync(victim);
        await cluster.WaitForLivenessToStabilizeAsync(TestContext.Current.CancellationToken);

        var entry = (await cluster.MembershipTable.ReadAsync(TestContext.Current.CancellationToken)).Data.Find(victim.Address)!;
        Assert.Equal(SiloStatus.Dead, entry.Status);
        Assert.Equal(cluster.ActiveSilos.Select(s => s.Address).Order(AddressOrder.Instance), entry.Suspicions.Select(v => v.Suspector).Order(AddressOrder.Instance));
        Assert.All(cluster.ActiveSilos, s => Assert.DoesNotContain(victim.Address, s.Silo.Membership.Current.ActiveSilos));
    }

    [Fact]
    public async Task A_gracefully_stopped_silo_is_dead_at_once_without_anyone_voting()
    {
        await using var cluster = await ClusterOf.StartAsync(3);
        var leaver = cluster.Silos[2];

        await cluster.StopSiloAsync(leaver, TestContext.Current.CancellationToken);

        var entry = (await cluster.MembershipTable.ReadAsync(TestContext.Current.CancellationToken)).Data.Find(leaver.Address)!;
        Assert.Equal(SiloStatus.Dead, entry.Status);
        Assert.Empty(entry.Suspicions);
        Assert.All(cluster.ActiveSilos, s => Assert.DoesNotContain(leaver.Address, s.Silo.Membership.Current.ActiveSilos));
    }

    [Fact]
    public async Task A_restarted_silo_is_a_new_generation_on_the_same_endpoint_and_supersedes_the_crashed_one_at_once()
    {
        await using var cluster = await ClusterOf.StartAsync(2);
        var crashed = cluster.Silos[1];
        await cluster.KillSiloAsync(crashed);

        var restarted = await cluster.RestartSiloAsync(crashed, TestContext.Current.CancellationToken);

        Assert.Equal(crashed.Address.Endpoint, restarted.Address.Endpoint);
        Assert.True(restarted.Address.Generation > crashed.Address.Generation);
        var table = (await cluster.MembershipTable.ReadAsync(TestContext.Current.CancellationToken)).Data;
        Assert.Equal(SiloStatus.Dead, table.Find(crashed.Address)!.Status);
        Assert.Empty(table.Find(crashed.Address)!.Suspicions);
        Assert.Equal(SiloStatus.Active, table.Find(restarted.Address)!.Status);
        await cluster.WaitForLivenessToStabilizeAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_silo_cut_off_from_all_its_peers_is_declared_dead_reads_it_and_stops_serving()
    {
        await using var cluster = await ClusterOf.StartAsync(3);
        var (a, b, isolated) = (cluster.Silos[0], cluster.Silos[1], cluster.Silos[2]);

        cluster.CutConnection(a, isolated);
        cluster.CutConnection(b, isolated);
        await cluster.Logs.WaitForAsync(e => e.Silo == isolated.Name && e.Message.Contains("says this silo", StringComparison.Ordinal) && e.Message.Contains("is dead; it stops now", StringComparison.Ordinal), TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await cluster.WaitForLivenessToStabilizeAsync(TestContext.Current.CancellationToken);

        Assert.False(isolated.IsRunning);
        var table = (await cluster.MembershipTable.ReadAsync(TestContext.Current.CancellationToken)).Data;
        Assert.Equal(SiloStatus.Dead, table.Find(isolated.Address)!.Status);
        // Its own votes against the healthy silos count for nothing once it is dead.
        Assert.Equal(SiloStatus.Active, table.Find(a.Address)!.Status);
        Assert.Equal(SiloStatus.Active, table.Find(b.Address)!.Status);
    }

    [Fact]
    public async Task Bad_failure_detection_settings_fail_start_up_naming_the_setting_and_its_range()
    {
        var cluster = new TestClusterBuilder()
            .ConfigureSilo(s => s.Configure((MembershipOptions o) => o.ProbeTimeout = TimeSpan.Zero))
            .Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => cluster.DeployAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Coordination:Membership:ProbeTimeout is 00:00:00; it must be between 00:00:00.0100000 and 00:01:00.", error.Message, StringComparison.Ordinal);
    }

    private sealed class AddressOrder : IComparer<Runtime.Messaging.SiloAddress>
    {
        public static readonly AddressOrder Instance = new();

        public int Compare(Runtime.Messaging.SiloAddress? x, Runtime.Messaging.SiloAddress? y) => string.CompareOrdinal(x?.ToString(), y?.ToString());
    }
}
