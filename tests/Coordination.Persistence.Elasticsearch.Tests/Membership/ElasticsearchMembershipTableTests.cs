using System.Net.Http.Json;
using System.Text.Json;
using Coordination.ElasticsearchEmulator;
using Coordination.Runtime.Configuration;
using Coordination.Runtime.Membership;
using Coordination.Testing.Elasticsearch;
using Microsoft.Extensions.Options;

namespace Coordination.Persistence.Elasticsearch.Tests.Membership;

/// <summary>The membership contract over HTTP, then what only the Elasticsearch table has. Runs against a real cluster too.</summary>
public sealed class ElasticsearchMembershipTableTests : MembershipTableContractTests
{
    private const string ClusterId = "membership-tests";
    private readonly List<ElasticsearchClient> _clients = [];
    private TestElasticsearch _elasticsearch = null!;
    private string _index = null!;

    public override async ValueTask InitializeAsync()
    {
        _elasticsearch = await TestElasticsearch.StartAsync(cancellationToken: Cancellation);
        _index = _elasticsearch.Index + "-membership";
    }

    public override async ValueTask DisposeAsync()
    {
        using (var cleanup = new ElasticsearchClient(_elasticsearch.ClientOptions()))
        {
            await cleanup.DeleteIndexAsync(_index);
            await cleanup.DeleteIndexTemplateAsync(_index);
        }

        _clients.ForEach(c => c.Dispose());
        await _elasticsearch.DisposeAsync();
        await base.DisposeAsync();
    }

    // Each handle has its own client, as each silo would.
    protected override Task<IMembershipTable> CreateTableAsync() => Task.FromResult<IMembershipTable>(CreateTable(ClusterId));

    private ElasticsearchMembershipTable CreateTable(string clusterId)
    {
        var client = new ElasticsearchClient(_elasticsearch.ClientOptions());
        _clients.Add(client);
        return new ElasticsearchMembershipTable(
            client,
            Options.Create(new ElasticsearchMembershipOptions { Index = _index }),
            Options.Create(new SiloOptions { ClusterId = clusterId }));
    }

    [Fact]
    public async Task The_table_is_one_document_named_for_the_cluster_and_each_heartbeat_one_per_silo()
    {
        var table = CreateTable(ClusterId);
        var entry = new MembershipEntry(Silo(1), "silo-a", SiloStatus.Active, T0, [new SuspicionVote(Silo(2), T0.AddSeconds(1))]);
        Assert.True(await table.TryWriteAsync(Table(3, entry), null, Cancellation));
        await table.WriteHeartbeatAsync(Silo(1), T0.AddSeconds(2), Cancellation);
        var snapshot = await table.ReadAsync(Cancellation);
        var client = _clients[^1];

        var document = await client.GetAsync(_index, ClusterId, Cancellation);

        Assert.Equal(document.Version.Etag, snapshot.Etag);
        var source = document.Source;
        Assert.Equal(ClusterId, source.GetProperty("cluster_id").GetString());
        Assert.Equal(3, source.GetProperty("version").GetInt64());
        Assert.Matches("^[0-9a-f]{32}$", source.GetProperty("write_id").GetString());
        var row = Assert.Single(source.GetProperty("entries").EnumerateArray());
        Assert.Equal($"10.0.0.1:11111@{Silo(1).Generation}", row.GetProperty("silo").GetString());
        Assert.Equal("silo-a", row.GetProperty("silo_name").GetString());
        Assert.Equal("Active", row.GetProperty("status").GetString());
        Assert.Equal(T0, row.GetProperty("started_at").GetDateTimeOffset());
        Assert.False(row.TryGetProperty("gateway_endpoint", out _));
        var vote = Assert.Single(row.GetProperty("suspicions").EnumerateArray());
        Assert.Equal(Silo(2).ToString(), vote.GetProperty("suspector").GetString());
        Assert.Equal(T0.AddSeconds(1), vote.GetProperty("cast_at").GetDateTimeOffset());

        var heartbeat = await client.GetAsync(_index, $"{ClusterId}/heartbeat/{Silo(1)}", Cancellation);
        Assert.True(heartbeat.Found);
        Assert.Equal(ClusterId, heartbeat.Source.GetProperty("cluster_id").GetString());
        Assert.Equal(Silo(1).ToString(), heartbeat.Source.GetProperty("silo").GetString());
        Assert.Equal(T0.AddSeconds(2), heartbeat.Source.GetProperty("alive_at").GetDateTimeOffset());
    }

    [Fact]
    public async Task Clusters_sharing_the_index_have_separate_tables_and_heartbeats()
    {
        var east = CreateTable("east");
        var west = CreateTable("west");
        Assert.True(await east.TryWriteAsync(Table(1, Entry(Silo(1))), null, Cancellation));
        await east.WriteHeartbeatAsync(Silo(1), T0, Cancellation);

        var empty = await west.ReadAsync(Cancellation);
        Assert.Null(empty.Etag);
        Assert.Empty(empty.Data.Entries);

        Assert.True(await west.TryWriteAsync(Table(1, Entry(Silo(1))), null, Cancellation));
        Assert.Empty((await west.ReadAsync(Cancellation)).Heartbeats);
        Assert.Equal(T0, (await east.ReadAsync(Cancellation)).Heartbeats[Silo(1)]);
    }

    [Fact]
    public async Task First_use_installs_a_template_with_keyword_mappings_above_the_builtin_priority_and_creates_the_index()
    {
        await CreateTable(ClusterId).ReadAsync(Cancellation);

        using var http = new HttpClient { BaseAddress = _elasticsearch.Url };
        var template = await http.GetFromJsonAsync<JsonElement>($"/_index_template/{_index}", Cancellation);
        var body = template.GetProperty("index_templates")[0].GetProperty("index_template");
        Assert.Equal(_index, Assert.Single(body.GetProperty("index_patterns").EnumerateArray()).GetString());
        Assert.True(body.GetProperty("priority").GetInt32() > 100);
        AssertMapped(body.GetProperty("template").GetProperty("mappings").GetProperty("properties"));

        var mapping = await http.GetFromJsonAsync<JsonElement>($"/{_index}/_mapping", Cancellation);
        AssertMapped(mapping.GetProperty(_index).GetProperty("mappings").GetProperty("properties"));

        static void AssertMapped(JsonElement properties)
        {
            Assert.Equal("keyword", Type(properties, "cluster_id"));
            Assert.Equal("long", Type(properties, "version"));
            Assert.Equal("keyword", Type(properties, "write_id"));
            Assert.Equal("keyword", Type(properties, "silo"));
            Assert.Equal("date", Type(properties, "alive_at"));
            var entry = properties.GetProperty("entries").GetProperty("properties");
            Assert.Equal("keyword", Type(entry, "silo"));
            Assert.Equal("keyword", Type(entry, "silo_name"));
            Assert.Equal("keyword", Type(entry, "status"));
            Assert.Equal("date", Type(entry, "started_at"));
            Assert.Equal("keyword", Type(entry, "gateway_endpoint"));
            var vote = entry.GetProperty("suspicions").GetProperty("properties");
            Assert.Equal("keyword", Type(vote, "suspector"));
            Assert.Equal("date", Type(vote, "cast_at"));
        }

        static string? Type(JsonElement properties, string field) => properties.GetProperty(field).GetProperty("type").GetString();
    }

    [Fact]
    public async Task Set_up_runs_once_for_concurrent_first_callers_and_again_after_it_failed()
    {
        var emulator = Emulated.Require(_elasticsearch);
        var table = CreateTable(ClusterId);
        emulator.Faults.Add(new FaultRule { Kind = FaultKind.ApplyThenReset, Operations = EmulatorOperations.Other, Count = 1 });

        var failed = await Assert.ThrowsAsync<ElasticsearchStartupException>(() => table.ReadAsync(Cancellation));
        Assert.Contains("Elasticsearch membership could not start against", failed.Message, StringComparison.Ordinal);
        Assert.Contains(_elasticsearch.Url.GetLeftPart(UriPartial.Authority), failed.Message, StringComparison.Ordinal);

        var before = emulator.Stats.Snapshot();
        var snapshots = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => table.ReadAsync(Cancellation))));
        var after = emulator.Stats.Snapshot();

        Assert.All(snapshots, s => Assert.Null(s.Etag));
        // One server check, one template, one index: shared by all sixteen callers.
        Assert.Equal(3, after.Other - before.Other);
        Assert.Equal(16, after.Get - before.Get);
    }

    [Fact]
    public async Task An_etag_this_table_did_not_give_out_is_refused_before_anything_is_sent()
    {
        var table = CreateTable(ClusterId);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => table.TryWriteAsync(Table(1), "17", Cancellation));

        Assert.Equal("expectedEtag", error.ParamName);
        Assert.Contains("'17'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_table_document_it_cannot_read_is_reported_naming_the_document_and_index()
    {
        var table = CreateTable(ClusterId);
        await table.ReadAsync(Cancellation);
        await _clients[^1].IndexAsync(_index, ClusterId, """{"cluster_id":"membership-tests","version":1,"write_id":"x","entries":[{"silo":"not an address","silo_name":"a","status":"Active","started_at":"2026-11-21T09:00:00Z"}]}"""u8.ToArray(), WriteCondition.None, cancellationToken: Cancellation);

        var error = await Assert.ThrowsAsync<ElasticsearchException>(() => table.ReadAsync(Cancellation));

        Assert.Contains($"'{ClusterId}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(_index, error.Message, StringComparison.Ordinal);
        Assert.Contains("not an address", error.Message, StringComparison.Ordinal);
    }
}
