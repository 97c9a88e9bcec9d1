using Orleans;
using Orleans.Runtime;

namespace Coordination.Persistence.Elasticsearch.Tests.Membership;

/// <summary>Orleans' membership table contract, one test per point, over HTTP. Runs against a real cluster too.</summary>
public sealed class MembershipTableContractTests : MembershipFixture
{
    [Fact]
    public async Task A_new_table_reads_as_version_0_with_a_version_etag()
    {
        var table = await InitializedTableAsync();

        var all = await table.ReadAll();
        var row = await table.ReadRow(Silo(1));

        Assert.Empty(all.Members);
        Assert.Equal(0, all.Version.Version);
        Assert.Matches(@"^\d+:\d+$", all.Version.VersionEtag);
        Assert.Equal(all.Version, row.Version);
        Assert.Empty(row.Members);
    }

    [Fact]
    public async Task Initializing_again_keeps_the_table_as_it_is()
    {
        var table = await InitializedTableAsync();
        Assert.True(await table.InsertRow(Entry(1), (await table.ReadAll()).Version.Next()));
        var before = await table.ReadAll();

        await (await InitializedTableAsync()).InitializeMembershipTable(true);

        var after = await table.ReadAll();
        Assert.Equal(before.Version, after.Version);
        Assert.Single(after.Members);
    }

    [Fact]
    public async Task An_insert_writes_the_row_and_the_version_together_and_changes_the_version_etag()
    {
        var table = await InitializedTableAsync();
        var empty = await table.ReadAll();

        Assert.True(await table.InsertRow(Entry(1), empty.Version.Next()));

        var after = await table.ReadAll();
        Assert.Equal(1, after.Version.Version);
        Assert.NotEqual(empty.Version.VersionEtag, after.Version.VersionEtag);
        var (_, rowEtag) = Assert.Single(after.Members);
        Assert.False(string.IsNullOrEmpty(rowEtag));
    }

    [Fact]
    public async Task An_insert_with_a_stale_table_version_is_refused()
    {
        var table = await InitializedTableAsync();
        var stale = (await table.ReadAll()).Version.Next();
        Assert.True(await table.InsertRow(Entry(1), stale));

        Assert.False(await table.InsertRow(Entry(2), stale));

        var all = await table.ReadAll();
        Assert.Single(all.Members);
        Assert.Equal(1, all.Version.Version);
    }

    [Fact]
    public async Task Inserting_a_silo_that_has_a_row_is_refused_even_at_the_current_version()
    {
        var table = await InitializedTableAsync();
        var entry = Entry(1);
        Assert.True(await table.InsertRow(entry, (await table.ReadAll()).Version.Next()));
        var current = await table.ReadAll();

        Assert.False(await table.InsertRow(With(entry, e => e.Status = SiloStatus.Active), current.Version.Next()));

        var after = await table.ReadAll();
        Assert.Equal(current.Version, after.Version);
        Assert.Equal(SiloStatus.Joining, Assert.Single(after.Members).Item1.Status);
    }

    [Fact]
    public async Task An_update_with_the_current_row_etag_and_version_succeeds_and_changes_both_etags()
    {
        var table = await InitializedTableAsync();
        var entry = Entry(1);
        Assert.True(await table.InsertRow(entry, (await table.ReadAll()).Version.Next()));
        var before = await table.ReadAll();
        var rowEtag = before.TryGet(entry.SiloAddress)!.Item2;

        Assert.True(await table.UpdateRow(With(entry, e => e.Status = SiloStatus.Active), rowEtag, before.Version.Next()));

        var after = await table.ReadAll();
        var (row, newRowEtag) = after.TryGet(entry.SiloAddress)!;
        Assert.Equal(SiloStatus.Active, row.Status);
        Assert.Equal(2, after.Version.Version);
        Assert.NotEqual(rowEtag, newRowEtag);
        Assert.NotEqual(before.Version.VersionEtag, after.Version.VersionEtag);
    }

    [Fact]
    public async Task An_update_with_a_stale_table_version_is_refused()
    {
        var table = await InitializedTableAsync();
        var entry = Entry(1);
        Assert.True(await table.InsertRow(entry, (await table.ReadAll()).Version.Next()));
        var read = await table.ReadAll();
        var rowEtag = read.TryGet(entry.SiloAddress)!.Item2;
        Assert.True(await table.InsertRow(Entry(2), read.Version.Next()));

        Assert.False(await table.UpdateRow(With(entry, e => e.Status = SiloStatus.Active), rowEtag, read.Version.Next()));

        var after = await table.ReadAll();
        Assert.Equal(SiloStatus.Joining, after.TryGet(entry.SiloAddress)!.Item1.Status);
        Assert.Equal(rowEtag, after.TryGet(entry.SiloAddress)!.Item2);
    }

    [Fact]
    public async Task An_update_with_a_stale_row_etag_is_refused_even_at_the_current_version()
    {
        var table = await InitializedTableAsync();
        var entry = Entry(1);
        Assert.True(await table.InsertRow(entry, (await table.ReadAll()).Version.Next()));
        var first = await table.ReadAll();
        var staleRowEtag = first.TryGet(entry.SiloAddress)!.Item2;
        Assert.True(await table.UpdateRow(With(entry, e => e.Status = SiloStatus.Active), staleRowEtag, first.Version.Next()));
        var current = await table.ReadAll();

        Assert.False(await table.UpdateRow(With(entry, e => e.Status = SiloStatus.Dead), staleRowEtag, current.Version.Next()));

        var after = await table.ReadAll();
        Assert.Equal(current.Version, after.Version);
        Assert.Equal(SiloStatus.Active, after.TryGet(entry.SiloAddress)!.Item1.Status);
    }

    [Fact]
    public async Task An_update_of_a_silo_without_a_row_is_refused()
    {
        var table = await InitializedTableAsync();
        var read = await table.ReadAll();

        Assert.False(await table.UpdateRow(Entry(1), "any-etag", read.Version.Next()));

        Assert.Equal(read.Version, (await table.ReadAll()).Version);
    }

    [Fact]
    public async Task Of_20_concurrent_inserts_of_one_row_exactly_one_wins()
    {
        var tables = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => InitializedTableAsync()));
        var version = (await tables[0].ReadAll()).Version.Next();
        var entry = Entry(1);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inserts = tables.Select(table => Task.Run(async () =>
        {
            await start.Task;
            return await table.InsertRow(entry, version);
        })).ToList();

        start.SetResult();
        var results = await Task.WhenAll(inserts);

        Assert.Single(results, won => won);
        var all = await tables[0].ReadAll();
        Assert.Single(all.Members);
        Assert.Equal(1, all.Version.Version);
    }

    [Fact]
    public async Task ReadAll_and_ReadRow_return_rows_with_the_version_they_were_written_at()
    {
        var table = await InitializedTableAsync();
        var entries = Enumerable.Range(1, 4).Select(n => Entry(n)).ToList();
        foreach (var entry in entries)
        {
            Assert.True(await table.InsertRow(entry, (await table.ReadAll()).Version.Next()));
        }

        var all = await table.ReadAll();
        Assert.Equal(4, all.Version.Version);
        Assert.Equal(entries.Select(e => e.SiloAddress).Order(), all.Members.Select(m => m.Item1.SiloAddress).Order());
        foreach (var entry in entries)
        {
            var row = await table.ReadRow(entry.SiloAddress);
            Assert.Equal(all.Version, row.Version);
            var (read, etag) = Assert.Single(row.Members);
            Assert.Equal(entry.SiloAddress, read.SiloAddress);
            Assert.Equal(all.TryGet(entry.SiloAddress)!.Item2, etag);
        }
    }

    [Fact]
    public async Task Entries_round_trip_exactly()
    {
        var table = await InitializedTableAsync();
        var written = With(Entry(1), e =>
        {
            e.Status = SiloStatus.ShuttingDown;
            e.RoleName = "role ü";
            e.UpdateZone = 3;
            e.FaultZone = 7;
            e.StartTime = T0.AddTicks(1_234_567);
            e.IAmAliveTime = T0.AddSeconds(5).AddTicks(89);
            e.SuspectTimes = [Tuple.Create(Silo(2), T0.AddSeconds(1)), Tuple.Create(Silo(3), T0.AddMilliseconds(1500).AddTicks(3))];
        });
        var bare = With(Entry(4), e =>
        {
            e.HostName = null!;
            e.ProxyPort = 0;
        });
        var version = (await table.ReadAll()).Version.Next();
        Assert.True(await table.InsertRow(written, version));
        Assert.True(await table.InsertRow(bare, (await table.ReadAll()).Version.Next()));

        var all = await (await InitializedTableAsync()).ReadAll();

        var read = all.TryGet(written.SiloAddress)!.Item1;
        Assert.Equal(written.ToFullString(), read.ToFullString());
        Assert.Equal(written.StartTime.Ticks, read.StartTime.Ticks);
        Assert.Equal(written.IAmAliveTime.Ticks, read.IAmAliveTime.Ticks);
        Assert.Equal(written.SuspectTimes!.Select(v => (v.Item1, v.Item2.Ticks)), read.SuspectTimes!.Select(v => (v.Item1, v.Item2.Ticks)));
        var readBare = all.TryGet(bare.SiloAddress)!.Item1;
        Assert.Equal(bare.ToFullString(), readBare.ToFullString());
        Assert.Null(readBare.SuspectTimes);
    }

    [Fact]
    public async Task UpdateIAmAlive_changes_no_version_and_leaves_the_etags_a_silo_holds_usable()
    {
        var table = await InitializedTableAsync();
        var entry = Entry(1);
        Assert.True(await table.InsertRow(entry, (await table.ReadAll()).Version.Next()));
        var held = await table.ReadAll();
        var heldRowEtag = held.TryGet(entry.SiloAddress)!.Item2;
        var aliveAt = T0.AddMinutes(3);

        await table.UpdateIAmAlive(new MembershipEntry { SiloAddress = entry.SiloAddress, IAmAliveTime = aliveAt });

        var after = await table.ReadAll();
        Assert.Equal(held.Version, after.Version);
        var (row, rowEtag) = after.TryGet(entry.SiloAddress)!;
        Assert.Equal(heldRowEtag, rowEtag);
        Assert.Equal(aliveAt, row.IAmAliveTime);
        Assert.Equal(aliveAt, Assert.Single((await table.ReadRow(entry.SiloAddress)).Members).Item1.IAmAliveTime);
        Assert.True(await table.UpdateRow(With(entry, e => e.Status = SiloStatus.Active), heldRowEtag, held.Version.Next()));
    }

    [Fact]
    public async Task Cleanup_removes_old_entries_that_are_not_active_with_their_heartbeats_and_keeps_the_rest()
    {
        var table = await InitializedTableAsync();
        var cutoff = T0.AddDays(1);
        var oldDead = Entry(1, SiloStatus.Dead);
        var oldJoining = Entry(2, SiloStatus.Joining);
        var oldActive = Entry(3, SiloStatus.Active);
        var recentDead = With(Entry(4, SiloStatus.Dead), e => e.IAmAliveTime = cutoff.AddSeconds(1));
        var deadButHeartbeatRecent = Entry(5, SiloStatus.Dead);
        var deadButVotedRecently = With(Entry(6, SiloStatus.Dead), e => e.SuspectTimes = [Tuple.Create(Silo(3), cutoff.AddSeconds(1))]);
        foreach (var entry in new[] { oldDead, oldJoining, oldActive, recentDead, deadButHeartbeatRecent, deadButVotedRecently })
        {
            Assert.True(await table.InsertRow(entry, (await table.ReadAll()).Version.Next()));
            await table.UpdateIAmAlive(new MembershipEntry { SiloAddress = entry.SiloAddress, IAmAliveTime = entry == deadButHeartbeatRecent ? cutoff.AddHours(1) : T0 });
        }

        var before = await table.ReadAll();
        await table.CleanupDefunctSiloEntries(new DateTimeOffset(cutoff));

        var after = await table.ReadAll();
        Assert.Equal(
            new[] { oldActive, recentDead, deadButHeartbeatRecent, deadButVotedRecently }.Select(e => e.SiloAddress).Order(),
            after.Members.Select(m => m.Item1.SiloAddress).Order());
        Assert.Equal(before.Version.Version, after.Version.Version);
        using var client = Elasticsearch.Documents();
        Assert.False((await client.GetAsync(Elasticsearch.MembershipIndex, ElasticsearchMembershipTable.HeartbeatDocumentId(ClusterId, oldDead.SiloAddress), Cancellation)).Found);
        Assert.False((await client.GetAsync(Elasticsearch.MembershipIndex, ElasticsearchMembershipTable.HeartbeatDocumentId(ClusterId, oldJoining.SiloAddress), Cancellation)).Found);
        Assert.True((await client.GetAsync(Elasticsearch.MembershipIndex, ElasticsearchMembershipTable.HeartbeatDocumentId(ClusterId, oldActive.SiloAddress), Cancellation)).Found);
    }

    [Fact]
    public async Task Deleting_a_clusters_entries_removes_its_table_and_heartbeats_and_nothing_of_another_cluster()
    {
        var mine = await InitializedTableAsync();
        var other = await InitializedTableAsync("other-" + ClusterId);
        var mineEntry = Entry(1);
        var otherEntry = Entry(1);
        Assert.True(await mine.InsertRow(mineEntry, (await mine.ReadAll()).Version.Next()));
        Assert.True(await other.InsertRow(otherEntry, (await other.ReadAll()).Version.Next()));
        await mine.UpdateIAmAlive(new MembershipEntry { SiloAddress = mineEntry.SiloAddress, IAmAliveTime = T0 });
        await other.UpdateIAmAlive(new MembershipEntry { SiloAddress = otherEntry.SiloAddress, IAmAliveTime = T0.AddSeconds(9) });

        // Any silo's table can delete a cluster's entries; here, the other cluster's silo deletes this one's.
        await other.DeleteMembershipTableEntries(ClusterId);

        var gone = await mine.ReadAll();
        Assert.Empty(gone.Members);
        Assert.Equal(0, gone.Version.Version);
        var kept = await other.ReadAll();
        Assert.Equal(T0.AddSeconds(9), Assert.Single(kept.Members).Item1.IAmAliveTime);
        using var client = Elasticsearch.Documents();
        Assert.False((await client.GetAsync(Elasticsearch.MembershipIndex, ElasticsearchMembershipTable.HeartbeatDocumentId(ClusterId, mineEntry.SiloAddress), Cancellation)).Found);

        // The deleted table starts over from a new version 0.
        await mine.InitializeMembershipTable(true);
        Assert.True(await mine.InsertRow(mineEntry, (await mine.ReadAll()).Version.Next()));
    }

    [Fact]
    public async Task The_gateway_list_has_exactly_the_active_silos_with_a_gateway_port()
    {
        var table = await InitializedTableAsync();
        var active = Entry(1, SiloStatus.Active, proxyPort: 30001);
        var activeWithoutGateway = Entry(2, SiloStatus.Active, proxyPort: 0);
        var joining = Entry(3, SiloStatus.Joining, proxyPort: 30003);
        var dead = Entry(4, SiloStatus.Dead, proxyPort: 30004);
        var alsoActive = Entry(5, SiloStatus.Active, proxyPort: 30005);
        foreach (var entry in new[] { active, activeWithoutGateway, joining, dead, alsoActive })
        {
            Assert.True(await table.InsertRow(entry, (await table.ReadAll()).Version.Next()));
        }

        var gateways = Gateways();
        await gateways.InitializeGatewayListProvider();
        var listed = await gateways.GetGateways();

        Assert.Equal(
            new[] { active, alsoActive }.Select(e => SiloAddress.New(e.SiloAddress.Endpoint.Address, e.ProxyPort, e.SiloAddress.Generation).ToGatewayUri().ToString()).Order(),
            listed.Select(u => u.ToString()).Order());
    }
}
