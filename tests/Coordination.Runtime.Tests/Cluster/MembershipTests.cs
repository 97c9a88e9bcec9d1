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
    public async Task Entries_dead_for_longer_than_the_retention_are_removed_with_their_heartbeats_and_recent_ones_kept()
    {
        // The silos re-read the table only when told to, so the removal below is the test's own, and complete.
        await using var cluster = await ClusterOf.StartAsync(2, b => b.ConfigureSilo(s => s.Configure((MembershipOptions o) => o.TableRefreshInterval = TimeSpan.FromMinutes(1))));
        var ct = TestContext.Current.CancellationToken;
        var now = DateTimeOffset.UtcNow;
        var longGone = DeadEntry(1, diedAt: now - TimeSpan.FromDays(2));
        var recentlyGone = DeadEntry(2, diedAt: now - TimeSpan.FromMinutes(5));
        await cluster.MembershipTable.WriteHeartbeatAsync(longGone.Silo, now - TimeSpan.FromDays(2), ct);
        await cluster.MembershipTable.WriteHeartbeatAsync(recentlyGone.Silo, now - TimeSpan.FromMinutes(5), ct);
        var heartbeats = cluster.MembershipTable.HeartbeatCount;

        await ChangeTableAsync(cluster.MembershipTable, data => data.With(longGone).With(recentlyGone), ct);
        await cluster.Silos[0].Silo.RefreshMembershipAsync(ct);

        var table = (await cluster.MembershipTable.ReadAsync(ct)).Data;
        Assert.Null(table.Find(longGone.Silo));
        Assert.Equal(SiloStatus.Dead, table.Find(recentlyGone.Silo)!.Status);
        Assert.All(cluster.Silos, s => Assert.Equal(SiloStatus.Active, table.Find(s.Address)!.Status));
        Assert.Equal(heartbeats - 1, cluster.MembershipTable.HeartbeatCount);
    }

    [Fact]
    public async Task A_silo_whose_entry_is_gone_from_a_newer_table_stops_as_if_declared_dead()
    {
        await using var cluster = await ClusterOf.StartAsync(3);
        var ct = TestContext.Current.CancellationToken;
        var removed = cluster.Silos[2];

        // What a paused process finds when it wakes after its entry was removed for having been dead too long.
        await ChangeTableAsync(cluster.MembershipTable, data => data.Without([data.Find(removed.Address)!]), ct);
        await removed.Silo.RefreshMembershipAsync(ct);
        await cluster.Logs.WaitForAsync(e => e.Silo == removed.Name && e.Message.Contains("is dead; it stops now", StringComparison.Ordinal), TimeSpan.FromSeconds(30), ct);
        await cluster.WaitForLivenessToStabilizeAsync(ct);

        Assert.False(removed.IsRunning);
        Assert.All(cluster.ActiveSilos, s => Assert.DoesNotContain(removed.Address, s.Silo.Membership.Current.ActiveSilos));
    }

    [Fact]
    public async Task A_silo_that_dies_is_stamped_with_when_and_reads_of_the_table_skip_its_heartbeat()
    {
        await using var cluster = await ClusterOf.StartAsync(2);
        var ct = TestContext.Current.CancellationToken;
        var leaver = cluster.Silos[1];
        var before = DateTimeOffset.UtcNow;

        await cluster.StopSiloAsync(leaver, ct);

        var snapshot = await cluster.MembershipTable.ReadAsync(ct);
        var entry = snapshot.Data.Find(leaver.Address)!;
        Assert.Equal(SiloStatus.Dead, entry.Status);
        Assert.InRange(entry.DiedAt!.Value, before, DateTimeOffset.UtcNow);
        Assert.False(snapshot.Heartbeats.ContainsKey(leaver.Address));
        Assert.True(snapshot.Heartbeats.ContainsKey(cluster.Silos[0].Address));
    }

    [Fact]
    public void An_entry_counts_as_defunct_once_it_has_been_dead_for_the_retention_from_when_it_first_died()
    {
        var started = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var diedAt = started + TimeSpan.FromDays(3);
        var entry = DeadEntry(1, diedAt).WithStatus(SiloStatus.Dead, diedAt + TimeSpan.FromHours(5));
        var table = new MembershipTableData(7, [entry, entry with { Silo = DeadEntry(2, diedAt).Silo, Status = SiloStatus.Active, DiedAt = null }]);

        Assert.Equal(diedAt, entry.DiedAt);
        Assert.Empty(table.Defunct(diedAt + TimeSpan.FromHours(23), TimeSpan.FromDays(1)));
        Assert.Equal([entry], table.Defunct(diedAt + TimeSpan.FromDays(1), TimeSpan.FromDays(1)));
        // An entry written before deaths were stamped counts from its start.
        Assert.True((entry with { DiedAt = null }).IsDefunct(entry.StartedAt + TimeSpan.FromDays(1), TimeSpan.FromDays(1)));
        var pruned = table.Without([entry]);
        Assert.Equal(8, pruned.Version);
        Assert.Equal([SiloStatus.Active], pruned.Entries.Select(e => e.Status));
        Assert.Null(entry.WithStatus(SiloStatus.Active, diedAt).DiedAt);
    }

    private static MembershipEntry DeadEntry(int host, DateTimeOffset diedAt) => new(
        new Runtime.Messaging.SiloAddress(new System.Net.IPEndPoint(System.Net.IPAddress.Parse($"10.0.0.{host}"), 11111), 1),
        $"gone-{host}",
        SiloStatus.Dead,
        diedAt - TimeSpan.FromHours(1),
        [],
        DiedAt: diedAt);

    private static async Task ChangeTableAsync(IMembershipTable table, Func<MembershipTableData, MembershipTableData> change, CancellationToken cancellationToken)
    {
        // Compare-and-set against the silos' own writes: read again and redo the change when one got in first.
        while (true)
        {
            var snapshot = await table.ReadAsync(cancellationToken);
            if (await table.TryWriteAsync(change(snapshot.Data), snapshot.Etag, cancellationToken))
            {
                return;
            }
        }
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
