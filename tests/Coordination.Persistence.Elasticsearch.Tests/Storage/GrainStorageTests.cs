using System.Net.Http.Json;
using System.Text.Json;
using Coordination.ElasticsearchEmulator;
using Coordination.Locks;
using Coordination.Storage;
using Coordination.Testing.Elasticsearch;

namespace Coordination.Persistence.Elasticsearch.Tests.Storage;

/// <summary>The grain storage's contract over HTTP. Runs against a real cluster too.</summary>
public sealed class GrainStorageTests : IAsyncLifetime
{
    private static readonly GrainId Grain = GrainId.Create("lock", "orders/42");
    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;
    private TestElasticsearch _elasticsearch = null!;
    private TestElasticsearchStorage _store = null!;

    private static GrainState<LockState> State(string? owner, long token, string? etag) =>
        new(new LockState { Owner = owner, FencingToken = token, Nonce = Guid.NewGuid().ToString("N"), LastChange = OwnershipChangeKind.Grant }) { ETag = etag };

    public async ValueTask InitializeAsync()
    {
        _elasticsearch = await TestElasticsearch.StartAsync(cancellationToken: _cancellation);
        _store = new TestElasticsearchStorage(_elasticsearch);
    }

    public async ValueTask DisposeAsync()
    {
        _store.Dispose();
        await _elasticsearch.DisposeAsync();
    }

    [Fact]
    public async Task The_etag_is_seq_no_and_primary_term_and_a_state_round_trips()
    {
        var written = State("a", 1, null);
        await _store.Storage.WriteStateAsync("lock", Grain, written, _cancellation);
        Assert.Matches(@"^\d+:\d+$", written.ETag);

        var read = State(null, 0, null);
        await _store.Storage.ReadStateAsync("lock", Grain, read, _cancellation);
        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal("a", read.State.Owner);
        Assert.Equal(1, read.State.FencingToken);
        Assert.Equal(written.State.Nonce, read.State.Nonce);
    }

    [Fact]
    public async Task The_document_id_is_the_key_and_the_source_uses_the_mapped_field_names()
    {
        await _store.Storage.WriteStateAsync("lock", Grain, State("a", 7, null), _cancellation);

        var document = await _store.Client.GetAsync(_elasticsearch.Index, "orders/42", _cancellation);

        Assert.True(document.Found);
        Assert.Equal("a", document.Source.GetProperty("owner").GetString());
        Assert.Equal(7, document.Source.GetProperty("fencing_token").GetInt64());
        Assert.Equal("Grant", document.Source.GetProperty("last_change").GetString());
        Assert.True(document.Source.TryGetProperty("nonce", out _));
    }

    [Fact]
    public async Task A_first_write_is_a_create_so_a_second_first_writer_gets_a_conflict()
    {
        var first = State("a", 1, null);
        await _store.Storage.WriteStateAsync("lock", Grain, first, _cancellation);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => _store.Storage.WriteStateAsync("lock", Grain, State("b", 1, null), _cancellation));

        Assert.Null(error.CurrentEtag);
        Assert.Contains("document already exists", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_refused_naming_the_stored_etag()
    {
        var writer = State("a", 1, null);
        await _store.Storage.WriteStateAsync("lock", Grain, writer, _cancellation);
        var stale = writer.ETag;
        writer.State.Owner = "b";
        await _store.Storage.WriteStateAsync("lock", Grain, writer, _cancellation);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => _store.Storage.WriteStateAsync("lock", Grain, State("c", 2, stale), _cancellation));

        Assert.Equal(stale, error.CurrentEtag);
        Assert.Equal(writer.ETag, error.StoredEtag);
    }

    [Fact]
    public async Task Clearing_needs_the_current_etag_and_a_missing_record_reads_as_none()
    {
        var writer = State("a", 1, null);
        await _store.Storage.WriteStateAsync("lock", Grain, writer, _cancellation);
        await Assert.ThrowsAsync<InconsistentStateException>(() => _store.Storage.ClearStateAsync("lock", Grain, State(null, 0, "999:1"), _cancellation));

        await _store.Storage.ClearStateAsync("lock", Grain, writer, _cancellation);
        Assert.False(writer.RecordExists);

        var read = State("x", 3, "1:1");
        await _store.Storage.ReadStateAsync("lock", Grain, read, _cancellation);
        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
    }

    [Fact]
    public async Task A_write_whose_answer_is_lost_is_reported_as_outcome_unknown()
    {
        var emulator = Emulated.Require(_elasticsearch);
        await _store.Initializer.EnsureInitializedAsync(_cancellation);
        emulator.Faults.Add(new FaultRule { Kind = FaultKind.ApplyThenReset, Operations = EmulatorOperations.Create, Count = 1 });

        var error = await Assert.ThrowsAsync<StorageWriteOutcomeUnknownException>(() => _store.Storage.WriteStateAsync("lock", Grain, State("a", 1, null), _cancellation));

        Assert.Contains("may or may not have been applied", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_up_installs_a_template_with_keyword_mappings_at_a_priority_above_the_builtin_ones()
    {
        await _store.Initializer.EnsureInitializedAsync(_cancellation);

        using var http = new HttpClient { BaseAddress = _elasticsearch.Url };
        var template = await http.GetFromJsonAsync<JsonElement>($"/_index_template/{_elasticsearch.Index}", _cancellation);
        var body = template.GetProperty("index_templates")[0].GetProperty("index_template");

        Assert.Equal(LockIndexTemplate.Priority, body.GetProperty("priority").GetInt32());
        var properties = body.GetProperty("template").GetProperty("mappings").GetProperty("properties");
        Assert.Equal("keyword", properties.GetProperty("owner").GetProperty("type").GetString());
        Assert.Equal("long", properties.GetProperty("fencing_token").GetProperty("type").GetString());
        Assert.Equal("date", properties.GetProperty("lease_expires_at").GetProperty("type").GetString());
        var mappings = await http.GetFromJsonAsync<JsonElement>($"/{_elasticsearch.Index}/_mapping", _cancellation);
        Assert.Equal("keyword", mappings.GetProperty(_elasticsearch.Index).GetProperty("mappings").GetProperty("properties").GetProperty("owner").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Held_locks_are_listed_through_search_and_free_ones_are_not()
    {
        await _store.Storage.WriteStateAsync("lock", GrainId.Create("lock", "held/1"), State("worker-1", 1, null), _cancellation);
        await _store.Storage.WriteStateAsync("lock", GrainId.Create("lock", "held/2"), State("worker-2", 4, null), _cancellation);
        await _store.Storage.WriteStateAsync("lock", GrainId.Create("lock", "free/1"), State(null, 2, null), _cancellation);
        await _store.Client.RefreshAsync(_elasticsearch.Index, _cancellation);

        var held = await _store.Directory.ListHeldAsync(cancellationToken: _cancellation);
        var mine = await _store.Directory.ListHeldAsync(owner: "worker-2", cancellationToken: _cancellation);

        Assert.Equal(["held/1", "held/2"], held.Select(l => l.Key).Order(StringComparer.Ordinal));
        Assert.Equal(new StoredLock("held/2", "worker-2", 4, null, null, null), Assert.Single(mine));
    }
}
