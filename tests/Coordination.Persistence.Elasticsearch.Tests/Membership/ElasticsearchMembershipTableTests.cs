using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Coordination.ElasticsearchEmulator;
using Orleans;
using Orleans.Runtime;

namespace Coordination.Persistence.Elasticsearch.Tests.Membership;

/// <summary>What only the Elasticsearch table has: its documents, index set-up and reading rules. Runs against a real cluster too.</summary>
public sealed class ElasticsearchMembershipTableTests : MembershipFixture
{
    [Fact]
    public async Task The_table_is_one_document_named_for_the_cluster_and_each_heartbeat_one_per_silo()
    {
        var table = await InitializedTableAsync();
        var entry = With(Entry(1, SiloStatus.Active), e => e.SuspectTimes = [Tuple.Create(Silo(2), T0.AddSeconds(1))]);
        Assert.True(await table.InsertRow(entry, (await table.ReadAll()).Version.Next()));
        await table.UpdateIAmAlive(new MembershipEntry { SiloAddress = entry.SiloAddress, IAmAliveTime = T0.AddSeconds(2) });
        var read = await table.ReadAll();
        using var client = Elasticsearch.Documents();

        var document = await client.GetAsync(Elasticsearch.MembershipIndex, ClusterId, Cancellation);

        Assert.Equal(document.Version.Etag, read.Version.VersionEtag);
        var source = document.Source;
        Assert.Equal(ClusterId, source.GetProperty("cluster_id").GetString());
        Assert.Equal(1, source.GetProperty("version").GetInt32());
        var writeId = source.GetProperty("write_id").GetString();
        Assert.Matches("^[0-9a-f]{32}$", writeId);
        var row = Assert.Single(source.GetProperty("entries").EnumerateArray());
        Assert.Equal(entry.SiloAddress.ToParsableString(), row.GetProperty("silo").GetString());
        Assert.Equal(writeId, row.GetProperty("etag").GetString());
        Assert.Equal(read.TryGet(entry.SiloAddress)!.Item2, row.GetProperty("etag").GetString());
        Assert.Equal("Active", row.GetProperty("status").GetString());
        Assert.Equal(entry.SiloName, row.GetProperty("silo_name").GetString());
        Assert.Equal(30000, row.GetProperty("proxy_port").GetInt32());
        Assert.Equal(T0, row.GetProperty("start_time").GetDateTime());
        Assert.Equal(T0, row.GetProperty("i_am_alive_time").GetDateTime());
        var vote = Assert.Single(row.GetProperty("suspicions").EnumerateArray());
        Assert.Equal(entry.SuspectTimes![0].Item1.ToParsableString(), vote.GetProperty("suspector").GetString());
        Assert.Equal(T0.AddSeconds(1), vote.GetProperty("cast_at").GetDateTime());

        var heartbeat = await client.GetAsync(Elasticsearch.MembershipIndex, $"{ClusterId}/heartbeat/{entry.SiloAddress.ToParsableString()}", Cancellation);
        Assert.True(heartbeat.Found);
        Assert.Equal(ClusterId, heartbeat.Source.GetProperty("cluster_id").GetString());
        Assert.Equal(entry.SiloAddress.ToParsableString(), heartbeat.Source.GetProperty("silo").GetString());
        Assert.Equal(T0.AddSeconds(2), heartbeat.Source.GetProperty("alive_at").GetDateTime());
    }

    [Fact]
    public async Task Clusters_sharing_the_index_have_separate_tables_and_heartbeats()
    {
        var east = await InitializedTableAsync("east-" + ClusterId);
        var west = await InitializedTableAsync("west-" + ClusterId);
        var silo = Silo(1);
        Assert.True(await east.InsertRow(Entry(silo), (await east.ReadAll()).Version.Next()));
        await east.UpdateIAmAlive(new MembershipEntry { SiloAddress = silo, IAmAliveTime = T0.AddHours(1) });

        Assert.Empty((await west.ReadAll()).Members);
        Assert.True(await west.InsertRow(Entry(silo), (await west.ReadAll()).Version.Next()));

        Assert.Equal(T0, Assert.Single((await west.ReadAll()).Members).Item1.IAmAliveTime);
        Assert.Equal(T0.AddHours(1), Assert.Single((await east.ReadAll()).Members).Item1.IAmAliveTime);
    }

    [Fact]
    public async Task A_table_read_before_it_exists_is_version_0_and_the_first_insert_creates_it()
    {
        var table = Table();

        var empty = await table.ReadAll();

        Assert.Equal(new TableVersion(0, ElasticsearchMembershipTable.NoTableEtag), empty.Version);
        Assert.True(await table.InsertRow(Entry(1), empty.Version.Next()));
        Assert.False(await Table().InsertRow(Entry(2), empty.Version.Next()));
        Assert.Single((await table.ReadAll()).Members);
    }

    [Fact]
    public async Task A_dead_silos_heartbeat_is_not_read_but_its_row_time_is_kept()
    {
        var emulator = Emulated.Require(Elasticsearch);
        var table = await InitializedTableAsync();
        var dead = Entry(1, SiloStatus.Dead);
        var alive = Entry(2, SiloStatus.Active);
        Assert.True(await table.InsertRow(dead, (await table.ReadAll()).Version.Next()));
        Assert.True(await table.InsertRow(alive, (await table.ReadAll()).Version.Next()));
        await table.UpdateIAmAlive(new MembershipEntry { SiloAddress = dead.SiloAddress, IAmAliveTime = T0.AddHours(1) });
        var before = emulator.Stats.Snapshot();

        var all = await table.ReadAll();

        // One read of the table, one of the live silo's heartbeat: nobody needs a dead silo's.
        Assert.Equal(2, emulator.Stats.Snapshot().Get - before.Get);
        Assert.Equal(T0, all.TryGet(dead.SiloAddress)!.Item1.IAmAliveTime);
    }

    [Fact]
    public async Task Initialization_installs_a_template_with_explicit_mappings_above_the_builtin_priority_and_creates_the_index()
    {
        await InitializedTableAsync();

        using var http = new HttpClient { BaseAddress = Elasticsearch.Url };
        var template = await http.GetFromJsonAsync<JsonElement>($"/_index_template/{Elasticsearch.MembershipIndex}", Cancellation);
        var body = template.GetProperty("index_templates")[0].GetProperty("index_template");
        Assert.Equal(Elasticsearch.MembershipIndex, Assert.Single(body.GetProperty("index_patterns").EnumerateArray()).GetString());
        Assert.True(body.GetProperty("priority").GetInt32() > 100);
        AssertMapped(body.GetProperty("template").GetProperty("mappings").GetProperty("properties"));

        var mapping = await http.GetFromJsonAsync<JsonElement>($"/{Elasticsearch.MembershipIndex}/_mapping", Cancellation);
        AssertMapped(mapping.GetProperty(Elasticsearch.MembershipIndex).GetProperty("mappings").GetProperty("properties"));

        static void AssertMapped(JsonElement properties)
        {
            Assert.Equal("keyword", Type(properties, "cluster_id"));
            Assert.Equal("integer", Type(properties, "version"));
            Assert.Equal("keyword", Type(properties, "write_id"));
            Assert.Equal("keyword", Type(properties, "silo"));
            Assert.Equal("date", Type(properties, "alive_at"));
            var entry = properties.GetProperty("entries").GetProperty("properties");
            Assert.Equal("keyword", Type(entry, "silo"));
            Assert.Equal("keyword", Type(entry, "etag"));
            Assert.Equal("keyword", Type(entry, "status"));
            Assert.Equal("date", Type(entry, "start_time"));
            Assert.Equal("date", Type(entry, "i_am_alive_time"));
            Assert.Equal("integer", Type(entry, "proxy_port"));
            var vote = entry.GetProperty("suspicions").GetProperty("properties");
            Assert.Equal("keyword", Type(vote, "suspector"));
            Assert.Equal("date", Type(vote, "cast_at"));
        }

        static string? Type(JsonElement properties, string field) => properties.GetProperty(field).GetProperty("type").GetString();
    }

    [Fact]
    public async Task Set_up_runs_once_for_concurrent_first_callers_and_again_after_it_failed()
    {
        var emulator = Emulated.Require(Elasticsearch);
        var table = Table();
        emulator.Faults.Add(new FaultRule { Kind = FaultKind.ApplyThenReset, Operations = EmulatorOperations.Other, Count = 1 });

        var failed = await Assert.ThrowsAsync<ElasticsearchStartupException>(table.ReadAll);
        Assert.Contains($"Elasticsearch membership of cluster {ClusterId} could not start against", failed.Message, StringComparison.Ordinal);
        Assert.Contains(Elasticsearch.Url.GetLeftPart(UriPartial.Authority), failed.Message, StringComparison.Ordinal);

        var before = emulator.Stats.Snapshot();
        var reads = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(table.ReadAll)));
        var after = emulator.Stats.Snapshot();

        Assert.All(reads, r => Assert.Equal(0, r.Version.Version));
        // One server check, one template, one index: shared by all sixteen callers.
        Assert.Equal(3, after.Other - before.Other);
        Assert.Equal(16, after.Get - before.Get);
    }

    [Fact]
    public async Task A_version_etag_this_table_did_not_give_out_is_refused_before_anything_is_written()
    {
        var emulator = Emulated.Require(Elasticsearch);
        var table = await InitializedTableAsync();
        var before = emulator.Stats.Snapshot();

        Assert.False(await table.InsertRow(Entry(1), new TableVersion(1, "17")));

        var after = emulator.Stats.Snapshot();
        Assert.Equal(0, after.Index + after.Create - before.Index - before.Create);
    }

    [Fact]
    public async Task A_table_document_it_cannot_read_is_reported_naming_the_document_and_index()
    {
        var table = await InitializedTableAsync();
        using var client = Elasticsearch.Documents();
        await client.IndexAsync(
            Elasticsearch.MembershipIndex,
            ClusterId,
            """{"cluster_id":"x","version":1,"write_id":"w","entries":[{"silo":"not an address","etag":"e","status":"Active"}]}"""u8.ToArray(),
            WriteCondition.None,
            cancellationToken: Cancellation);

        var error = await Assert.ThrowsAsync<ElasticsearchException>(table.ReadAll);

        Assert.Contains($"'{ClusterId}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(Elasticsearch.MembershipIndex, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gateway_discovery_only_reads_so_a_cluster_with_no_table_has_no_gateways_and_nothing_is_installed()
    {
        var emulator = Emulated.Require(Elasticsearch);
        emulator.Stats.Reset();
        var gateways = Gateways("nobody-home");

        await gateways.InitializeGatewayListProvider();
        Assert.Empty(await gateways.GetGateways());

        var traffic = emulator.Stats.Snapshot();
        Assert.Equal(1, traffic.Get);
        Assert.Equal(0, traffic.Index + traffic.Create + traffic.Update + traffic.Delete + traffic.Bulk);
        using var http = new HttpClient { BaseAddress = Elasticsearch.Url };
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/_index_template/{Elasticsearch.MembershipIndex}", Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/{Elasticsearch.MembershipIndex}", Cancellation)).StatusCode);
    }

    [Fact]
    public async Task Gateway_discovery_that_cannot_reach_the_cluster_fails_start_up_naming_the_urls()
    {
        var url = $"http://127.0.0.1:{Ports.Closed()}";
        var options = new ElasticsearchClusteringOptions();
        options.Connection.Urls = [url];
        using var gateways = new ElasticsearchGatewayListProvider(
            Microsoft.Extensions.Options.Options.Create(options),
            Microsoft.Extensions.Options.Options.Create(new Orleans.Configuration.ClusterOptions { ClusterId = ClusterId }),
            Microsoft.Extensions.Options.Options.Create(new Orleans.Configuration.GatewayOptions()),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<ElasticsearchGatewayListProvider>.Instance);

        var error = await Assert.ThrowsAsync<ElasticsearchStartupException>(gateways.InitializeGatewayListProvider);

        Assert.Contains(url, error.Message, StringComparison.Ordinal);
        Assert.Contains("gateway discovery", error.Message, StringComparison.Ordinal);
    }
}
