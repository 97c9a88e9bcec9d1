using System.Net.Http.Json;
using System.Text.Json;
using Coordination.ElasticsearchEmulator;
using Coordination.Persistence.Elasticsearch.Tests.Grains;
using Coordination.Testing.Elasticsearch;
using Microsoft.Extensions.Time.Testing;
using Orleans.Runtime;
using Orleans.Storage;

namespace Coordination.Persistence.Elasticsearch.Tests.Storage;

/// <summary>Orleans' grain storage contract, and the documents behind it, over HTTP. Runs against a real cluster too.</summary>
public sealed class GrainStorageTests : IAsyncLifetime
{
    private static readonly GrainId Counter = GrainId.Create("counter", "c1");
    private static readonly GrainId Lock = GrainId.Create("lock", "orders/42");
    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;
    private TestElasticsearch _elasticsearch = null!;
    private TestElasticsearchStorage _store = null!;

    private IGrainStorage Storage => _store.Storage;

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

    private static GrainState<CounterState> Count(int count, string? etag = null) => new(new CounterState { Count = count }, etag);

    private static GrainState<TestLockState> LockState(string? owner, long token, string? etag = null) =>
        new(new TestLockState { Owner = owner, FencingToken = token, Nonce = Guid.NewGuid().ToString("N"), LastChange = TestChange.Grant }, etag);

    private async Task<GrainState<CounterState>> ReadCountAsync(GrainId grain, string stateName = "count")
    {
        var read = Count(-1, "stale:etag");
        await Storage.ReadStateAsync(stateName, grain, read, _cancellation);
        return read;
    }

    [Fact]
    public async Task A_read_sees_the_last_write_with_its_etag()
    {
        var state = Count(1);
        await Storage.WriteStateAsync("count", Counter, state, _cancellation);
        state.State!.Count = 2;
        await Storage.WriteStateAsync("count", Counter, state, _cancellation);

        var read = await ReadCountAsync(Counter);

        Assert.True(read.RecordExists);
        Assert.Equal(2, read.State!.Count);
        Assert.Equal(state.ETag, read.ETag);
        Assert.Matches(@"^\d+:\d+$", read.ETag);
    }

    [Fact]
    public async Task A_write_with_no_etag_is_refused_when_the_record_exists_and_changes_nothing()
    {
        var first = Count(1);
        await Storage.WriteStateAsync("count", Counter, first, _cancellation);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync("count", Counter, Count(7), _cancellation));

        Assert.Null(error.CurrentEtag);
        Assert.Contains("document already exists", error.Message, StringComparison.Ordinal);
        var read = await ReadCountAsync(Counter);
        Assert.Equal(1, read.State!.Count);
        Assert.Equal(first.ETag, read.ETag);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_refused_naming_both_etags_and_changes_nothing()
    {
        var writer = Count(1);
        await Storage.WriteStateAsync("count", Counter, writer, _cancellation);
        var stale = writer.ETag;
        writer.State!.Count = 2;
        await Storage.WriteStateAsync("count", Counter, writer, _cancellation);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync("count", Counter, Count(9, stale), _cancellation));

        Assert.Equal(stale, error.CurrentEtag);
        Assert.Equal(writer.ETag, error.StoredEtag);
        var read = await ReadCountAsync(Counter);
        Assert.Equal(2, read.State!.Count);
        Assert.Equal(writer.ETag, read.ETag);
    }

    [Fact]
    public async Task A_clear_with_a_stale_etag_is_refused_and_changes_nothing()
    {
        var writer = Count(1);
        await Storage.WriteStateAsync("count", Counter, writer, _cancellation);
        var stale = writer.ETag;
        await Storage.WriteStateAsync("count", Counter, writer, _cancellation);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync("count", Counter, Count(0, stale), _cancellation));
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync("count", Counter, Count(0), _cancellation));

        var read = await ReadCountAsync(Counter);
        Assert.True(read.RecordExists);
        Assert.Equal(1, read.State!.Count);
        Assert.Equal(writer.ETag, read.ETag);
    }

    [Fact]
    public async Task The_etag_changes_on_every_write_and_clear_even_when_the_value_is_the_same()
    {
        var state = Count(5);
        var etags = new List<string?>();
        for (var i = 0; i < 3; i++)
        {
            await Storage.WriteStateAsync("count", Counter, state, _cancellation);
            etags.Add(state.ETag);
        }

        await Storage.ClearStateAsync("count", Counter, state, _cancellation);
        etags.Add(state.ETag);
        await Storage.ClearStateAsync("count", Counter, state, _cancellation);
        etags.Add(state.ETag);
        state.State = new CounterState { Count = 5 };
        await Storage.WriteStateAsync("count", Counter, state, _cancellation);
        etags.Add(state.ETag);

        Assert.All(etags, Assert.NotNull);
        Assert.Equal(etags.Count, etags.Distinct().Count());
    }

    [Fact]
    public async Task A_missing_record_reads_as_no_record_with_no_etag_and_a_fresh_default_state()
    {
        var read = Count(3, "12:1");
        var before = read.State;

        await Storage.ReadStateAsync("count", Counter, read, _cancellation);

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.NotSame(before, read.State);
        Assert.Equal(0, read.State!.Count);
    }

    [Fact]
    public async Task A_cleared_record_reads_as_none_with_a_fresh_state_and_only_its_etag_writes_it_again()
    {
        var writer = Count(4);
        await Storage.WriteStateAsync("count", Counter, writer, _cancellation);
        await Storage.ClearStateAsync("count", Counter, writer, _cancellation);
        Assert.False(writer.RecordExists);
        Assert.Equal(0, writer.State!.Count);

        var read = await ReadCountAsync(Counter);
        Assert.False(read.RecordExists);
        Assert.Equal(0, read.State!.Count);
        Assert.Equal(writer.ETag, read.ETag);

        // A writer that last saw no record at all must not recreate it over the clear.
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync("count", Counter, Count(1), _cancellation));
        read.State!.Count = 6;
        await Storage.WriteStateAsync("count", Counter, read, _cancellation);
        Assert.Equal(6, (await ReadCountAsync(Counter)).State!.Count);
    }

    [Fact]
    public async Task Two_state_names_of_one_grain_are_independent_records()
    {
        var first = Count(1);
        var second = Count(2);
        await Storage.WriteStateAsync("first", Counter, first, _cancellation);
        await Storage.WriteStateAsync("second", Counter, second, _cancellation);
        await Storage.ClearStateAsync("first", Counter, first, _cancellation);

        var readFirst = await ReadCountAsync(Counter, "first");
        var readSecond = await ReadCountAsync(Counter, "second");

        Assert.False(readFirst.RecordExists);
        Assert.True(readSecond.RecordExists);
        Assert.Equal(2, readSecond.State!.Count);
        Assert.Equal(second.ETag, readSecond.ETag);
    }

    public static TheoryData<string> KeyKinds => ["string", "integer", "integer with extension", "guid", "guid with extension"];

    [Theory]
    [MemberData(nameof(KeyKinds))]
    public async Task String_integer_and_guid_keys_each_keep_their_own_record(string kind)
    {
        var type = GrainType.Create("counter");
        GrainId Key(int n) => kind switch
        {
            "string" => GrainId.Create(type, $"key {n}/é"),
            "integer" => GrainId.Create(type, GrainIdKeyExtensions.CreateIntegerKey(-n)),
            "integer with extension" => GrainId.Create(type, GrainIdKeyExtensions.CreateIntegerKey(n, "ext/" + n)),
            "guid" => GrainId.Create(type, GrainIdKeyExtensions.CreateGuidKey(new Guid(n, 0, 0, new byte[8]))),
            _ => GrainId.Create(type, GrainIdKeyExtensions.CreateGuidKey(new Guid(n, 0, 0, new byte[8]), "ext")),
        };

        for (var n = 1; n <= 3; n++)
        {
            await Storage.WriteStateAsync("count", Key(n), Count(n * 10), _cancellation);
        }

        for (var n = 1; n <= 3; n++)
        {
            var read = await ReadCountAsync(Key(n));
            Assert.True(read.RecordExists);
            Assert.Equal(n * 10, read.State!.Count);
        }

        Assert.False((await ReadCountAsync(Key(4))).RecordExists);
    }

    [Fact]
    public async Task Lock_state_is_a_readable_document_whose_id_is_the_key()
    {
        await Storage.WriteStateAsync("lock", Lock, LockState("worker-7", 7), _cancellation);

        var document = await _store.Client.Documents().GetAsync(_elasticsearch.Index, "orders/42", _cancellation);

        Assert.True(document.Found);
        Assert.Equal("worker-7", document.Source.GetProperty("owner").GetString());
        Assert.Equal(7, document.Source.GetProperty("fencing_token").GetInt64());
        Assert.Equal("Grant", document.Source.GetProperty("last_change").GetString());
        Assert.Matches("^[0-9a-f]{32}$", document.Source.GetProperty("nonce").GetString());
        Assert.Equal(JsonValueKind.Null, document.Source.GetProperty("lease_expires_at").ValueKind);
    }

    [Fact]
    public async Task Other_state_is_kept_beside_the_locks_in_its_own_index_naming_its_grain()
    {
        await Storage.WriteStateAsync("count", Counter, Count(3), _cancellation);

        var document = await _store.Client.Documents().GetAsync(_elasticsearch.GrainStateIndex, "counter/count/c1", _cancellation);

        Assert.True(document.Found);
        Assert.Equal("counter", document.Source.GetProperty("grain_type").GetString());
        Assert.Equal("count", document.Source.GetProperty("state_name").GetString());
        Assert.Equal("c1", document.Source.GetProperty("grain_key").GetString());
        Assert.Equal(3, document.Source.GetProperty("state").GetProperty("count").GetInt32());
        Assert.False((await _store.Client.Documents().GetAsync(_elasticsearch.Index, "counter/count/c1", _cancellation)).Found);
    }

    [Fact]
    public async Task No_state_can_collide_with_a_lock_whatever_the_key()
    {
        // A lock key may be any string, including the id other state would have in the lock index.
        var lookalike = GrainId.Create("lock", "counter/count/c1");
        await Storage.WriteStateAsync("lock", lookalike, LockState("owner", 1), _cancellation);
        await Storage.WriteStateAsync("count", Counter, Count(1), _cancellation);
        var lockStateOfAnotherName = GrainId.Create("lock", "k");
        await Storage.WriteStateAsync("other", lockStateOfAnotherName, Count(2), _cancellation);
        await Storage.WriteStateAsync("lock", GrainId.Create("lock", "k"), LockState("owner", 3), _cancellation);

        var lockRead = new GrainState<TestLockState>();
        await Storage.ReadStateAsync("lock", lookalike, lockRead, _cancellation);
        Assert.Equal("owner", lockRead.State!.Owner);
        Assert.Equal(1, (await ReadCountAsync(Counter)).State!.Count);
        Assert.Equal(2, (await ReadCountAsync(lockStateOfAnotherName, "other")).State!.Count);
    }

    [Fact]
    public async Task Keys_up_to_the_id_limit_work_for_locks_and_any_length_for_other_state()
    {
        var longestLockKey = new string('é', 256);
        await Storage.WriteStateAsync("lock", GrainId.Create("lock", longestLockKey), LockState("a", 1), _cancellation);
        Assert.True((await _store.Client.Documents().GetAsync(_elasticsearch.Index, longestLockKey, _cancellation)).Found);
        var tooLong = await Assert.ThrowsAsync<ArgumentException>(() => Storage.WriteStateAsync("lock", GrainId.Create("lock", longestLockKey + "x"), LockState("a", 1), _cancellation));
        Assert.Contains("512 UTF-8 bytes", tooLong.Message, StringComparison.Ordinal);

        // Other state has no such limit: a long id is replaced by its hash, the full key kept in the document.
        var longKeys = new[] { new string('k', 600), new string('k', 601) };
        foreach (var key in longKeys)
        {
            await Storage.WriteStateAsync("count", GrainId.Create("counter", key), Count(key.Length), _cancellation);
        }

        foreach (var key in longKeys)
        {
            Assert.Equal(key.Length, (await ReadCountAsync(GrainId.Create("counter", key))).State!.Count);
        }
    }

    [Fact]
    public async Task State_of_different_shapes_shares_the_grain_state_index_without_mapping_conflicts()
    {
        await Storage.WriteStateAsync("count", Counter, Count(1), _cancellation);
        var text = new GrainState<Dictionary<string, string>>(new() { ["count"] = "not a number" });
        await Storage.WriteStateAsync("labels", GrainId.Create("labels", "x"), text, _cancellation);
        var scalar = new GrainState<string>("just a string");
        await Storage.WriteStateAsync("name", GrainId.Create("named", "x"), scalar, _cancellation);

        var readText = new GrainState<Dictionary<string, string>>();
        await Storage.ReadStateAsync("labels", GrainId.Create("labels", "x"), readText, _cancellation);
        var readScalar = new GrainState<string>();
        await Storage.ReadStateAsync("name", GrainId.Create("named", "x"), readScalar, _cancellation);

        Assert.Equal("not a number", readText.State!["count"]);
        Assert.Equal("just a string", readScalar.State);
    }

    [Fact]
    public async Task A_document_that_is_not_this_grains_state_is_reported_naming_it()
    {
        await _store.Storage.InitializeAsync(_cancellation);
        await _store.Client.Documents().IndexAsync(_elasticsearch.Index, "orders/42", """{"owner":"a","lease_duration":"a while"}"""u8.ToArray(), WriteCondition.None, cancellationToken: _cancellation);

        var error = await Assert.ThrowsAsync<ElasticsearchException>(() => Storage.ReadStateAsync("lock", Lock, new GrainState<TestLockState>(), _cancellation));

        Assert.Contains("'orders/42'", error.Message, StringComparison.Ordinal);
        Assert.Contains(_elasticsearch.Index, error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(TestLockState), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_write_whose_answer_is_lost_is_reported_as_outcome_unknown_and_is_not_repeated()
    {
        var emulator = Emulated.Require(_elasticsearch);
        await _store.Storage.InitializeAsync(_cancellation);
        emulator.Faults.Add(new FaultRule { Kind = FaultKind.ApplyThenReset, Operations = EmulatorOperations.Create, Count = 1 });
        var before = emulator.Stats.Snapshot();

        var error = await Assert.ThrowsAsync<ElasticsearchWriteOutcomeUnknownException>(() => Storage.WriteStateAsync("lock", Lock, LockState("a", 1), _cancellation));

        Assert.Contains("may or may not have been applied", error.Message, StringComparison.Ordinal);
        Assert.Contains("orders/42", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, emulator.Stats.Snapshot().Create - before.Create);
        Assert.Equal("a", (await _store.Client.Documents().GetAsync(_elasticsearch.Index, "orders/42", _cancellation)).Source.GetProperty("owner").GetString());
    }

    [Fact]
    public async Task A_clear_whose_answer_is_lost_is_reported_as_outcome_unknown_too()
    {
        var emulator = Emulated.Require(_elasticsearch);
        var state = Count(1);
        await Storage.WriteStateAsync("count", Counter, state, _cancellation);
        emulator.Faults.Add(new FaultRule { Kind = FaultKind.ApplyThenReset, Operations = EmulatorOperations.Index, Count = 1 });

        await Assert.ThrowsAsync<ElasticsearchWriteOutcomeUnknownException>(() => Storage.ClearStateAsync("count", Counter, state, _cancellation));

        Assert.False((await ReadCountAsync(Counter)).RecordExists);
    }

    [Fact]
    public async Task A_write_with_no_answer_within_the_request_timeout_is_an_unknown_outcome_and_is_not_resent()
    {
        var emulator = Emulated.Require(_elasticsearch);
        var clock = new FakeTimeProvider();
        using var store = new TestElasticsearchStorage(_elasticsearch, o =>
        {
            o.TimeProvider = clock;
            o.RequestTimeout = TimeSpan.FromSeconds(5);
        });
        await store.Storage.InitializeAsync(_cancellation);
        var held = emulator.Faults.Add(new FaultRule { Kind = FaultKind.ApplyThenTimeout, Operations = EmulatorOperations.Create, Count = 1 });

        var write = store.Storage.WriteStateAsync("count", Counter, Count(1), _cancellation);
        await held.WhenAppliedAsync(cancellationToken: _cancellation);
        clock.Advance(TimeSpan.FromSeconds(5));

        var error = await Assert.ThrowsAsync<ElasticsearchWriteOutcomeUnknownException>(() => write);
        Assert.Contains("no answer within 5s", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, emulator.Stats.Snapshot().Create);
        Assert.True((await ReadCountAsync(Counter)).RecordExists);
    }

    [Fact]
    public async Task Compare_and_set_carries_on_across_a_primary_term_change()
    {
        var emulator = Emulated.Require(_elasticsearch);
        var state = Count(1);
        await Storage.WriteStateAsync("count", Counter, state, _cancellation);

        var term = emulator.FailoverPrimary(_elasticsearch.GrainStateIndex);
        state.State!.Count = 2;
        await Storage.WriteStateAsync("count", Counter, state, _cancellation);

        Assert.EndsWith($":{term}", state.ETag, StringComparison.Ordinal);
        var read = await ReadCountAsync(Counter);
        Assert.Equal(state.ETag, read.ETag);
        Assert.Equal(2, read.State!.Count);
    }

    [Fact]
    public async Task Start_up_installs_both_templates_above_the_builtin_priority_and_creates_both_indices()
    {
        await _store.Storage.InitializeAsync(_cancellation);

        using var http = new HttpClient { BaseAddress = _elasticsearch.Url };
        var locks = await TemplateAsync(http, _elasticsearch.Index);
        Assert.Equal(500, locks.GetProperty("priority").GetInt32());
        var lockFields = locks.GetProperty("template").GetProperty("mappings").GetProperty("properties");
        Assert.Equal("keyword", lockFields.GetProperty("owner").GetProperty("type").GetString());
        Assert.Equal("long", lockFields.GetProperty("fencing_token").GetProperty("type").GetString());
        Assert.Equal("date", lockFields.GetProperty("lease_expires_at").GetProperty("type").GetString());
        var grainState = await TemplateAsync(http, _elasticsearch.GrainStateIndex);
        Assert.Equal(500, grainState.GetProperty("priority").GetInt32());
        Assert.False(grainState.GetProperty("template").GetProperty("mappings").GetProperty("dynamic").GetBoolean());

        var lockMapping = await http.GetFromJsonAsync<JsonElement>($"/{_elasticsearch.Index}/_mapping", _cancellation);
        Assert.Equal("keyword", lockMapping.GetProperty(_elasticsearch.Index).GetProperty("mappings").GetProperty("properties").GetProperty("owner").GetProperty("type").GetString());
        var stateMapping = await http.GetFromJsonAsync<JsonElement>($"/{_elasticsearch.GrainStateIndex}/_mapping", _cancellation);
        Assert.Equal("keyword", stateMapping.GetProperty(_elasticsearch.GrainStateIndex).GetProperty("mappings").GetProperty("properties").GetProperty("grain_type").GetProperty("type").GetString());

        async Task<JsonElement> TemplateAsync(HttpClient client, string name)
        {
            var response = await client.GetFromJsonAsync<JsonElement>($"/_index_template/{name}", _cancellation);
            var template = Assert.Single(response.GetProperty("index_templates").EnumerateArray()).GetProperty("index_template");
            Assert.Equal(name, Assert.Single(template.GetProperty("index_patterns").EnumerateArray()).GetString());
            return template;
        }
    }

    [Fact]
    public async Task An_unreachable_cluster_fails_start_up_naming_the_urls_and_the_cause_but_no_credentials()
    {
        var url = $"http://elastic:s3cret@127.0.0.1:{Ports.Closed()}";
        using var store = new TestElasticsearchStorage(_elasticsearch, o => o.Urls = [url]);

        var error = await Assert.ThrowsAsync<ElasticsearchStartupException>(() => store.Storage.InitializeAsync(_cancellation));

        Assert.Contains(url.Replace("elastic:s3cret@", string.Empty, StringComparison.Ordinal), error.Message, StringComparison.Ordinal);
        Assert.Contains("refused", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Elasticsearch grain storage \"Default\"", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Held_locks_are_listed_through_search_and_free_ones_are_not()
    {
        await Storage.WriteStateAsync("lock", GrainId.Create("lock", "held/1"), LockState("worker-1", 1), _cancellation);
        await Storage.WriteStateAsync("lock", GrainId.Create("lock", "held/2"), LockState("worker-2", 4), _cancellation);
        await Storage.WriteStateAsync("lock", GrainId.Create("lock", "free/1"), LockState(null, 2), _cancellation);
        await Storage.WriteStateAsync("count", Counter, Count(1), _cancellation);
        await _store.Client.Documents().RefreshAsync(_elasticsearch.Index, _cancellation);

        var held = await _store.Directory.ListHeldAsync(cancellationToken: _cancellation);
        var mine = await _store.Directory.ListHeldAsync(owner: "worker-2", cancellationToken: _cancellation);

        Assert.Equal(["held/1", "held/2"], held.Select(l => l.Key).Order(StringComparer.Ordinal));
        Assert.Equal(new StoredLock("held/2", "worker-2", 4, null, null, null), Assert.Single(mine));
    }

    [Fact]
    public void Default_documents_use_snake_case_names_and_enum_names()
    {
        var json = JsonSerializer.Serialize(new TestLockState { FencingToken = 3, LastChange = TestChange.Release }, ElasticsearchGrainStorageOptions.DefaultSerializerOptions);

        Assert.Contains("\"fencing_token\":3", json, StringComparison.Ordinal);
        Assert.Contains("\"last_change\":\"Release\"", json, StringComparison.Ordinal);
        Assert.True(ElasticsearchGrainStorageOptions.DefaultSerializerOptions.IsReadOnly);
    }
}
