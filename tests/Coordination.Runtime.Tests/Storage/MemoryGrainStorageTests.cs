using Coordination.Runtime.Storage;
using Coordination.Runtime.Tests.Grains;
using Coordination.Storage;

namespace Coordination.Runtime.Tests.Storage;

public sealed class MemoryGrainStorageTests
{
    private static readonly GrainId Grain = GrainId.Create("counter", "cas");
    private readonly MemoryGrainStorage _store = new("test", new GrainStateSerializer());
    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;

    private static GrainState<CounterState> State(int value, string? etag) => new(new CounterState { Value = value }) { ETag = etag };

    [Fact]
    public async Task A_read_of_a_missing_record_reports_no_record_and_no_etag()
    {
        var state = State(7, "stale");
        await _store.ReadStateAsync("counter", Grain, state, _cancellation);
        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
    }

    [Fact]
    public async Task The_first_write_creates_and_later_writes_need_the_current_etag()
    {
        var writer = State(1, null);
        await _store.WriteStateAsync("counter", Grain, writer, _cancellation);
        var firstEtag = writer.ETag;
        Assert.NotNull(firstEtag);
        Assert.True(writer.RecordExists);

        var competitor = State(99, null);
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => _store.WriteStateAsync("counter", Grain, competitor, _cancellation));
        Assert.Equal(firstEtag, conflict.StoredEtag);
        Assert.Null(conflict.CurrentEtag);

        writer.State.Value = 2;
        await _store.WriteStateAsync("counter", Grain, writer, _cancellation);
        Assert.NotEqual(firstEtag, writer.ETag);

        var stale = State(3, firstEtag);
        await Assert.ThrowsAsync<InconsistentStateException>(() => _store.WriteStateAsync("counter", Grain, stale, _cancellation));

        var reader = State(0, null);
        await _store.ReadStateAsync("counter", Grain, reader, _cancellation);
        Assert.Equal(2, reader.State.Value);
        Assert.Equal(writer.ETag, reader.ETag);
    }

    [Fact]
    public async Task Etags_are_never_reused_even_after_a_clear()
    {
        var writer = State(1, null);
        await _store.WriteStateAsync("counter", Grain, writer, _cancellation);
        var beforeClear = writer.ETag;
        var holderOfOldEtag = State(5, beforeClear);

        await _store.ClearStateAsync("counter", Grain, writer, _cancellation);
        Assert.False(writer.RecordExists);
        Assert.Null(writer.ETag);

        await _store.WriteStateAsync("counter", Grain, State(1, null), _cancellation);

        // Same content as before the clear, but a holder of the old etag must still be refused.
        await Assert.ThrowsAsync<InconsistentStateException>(() => _store.WriteStateAsync("counter", Grain, holderOfOldEtag, _cancellation));
    }

    [Fact]
    public async Task A_clear_needs_the_current_etag()
    {
        var writer = State(1, null);
        await _store.WriteStateAsync("counter", Grain, writer, _cancellation);
        await Assert.ThrowsAsync<InconsistentStateException>(() => _store.ClearStateAsync("counter", Grain, State(0, "0"), _cancellation));
        await _store.ClearStateAsync("counter", Grain, writer, _cancellation);
    }

    [Fact]
    public async Task The_store_keeps_a_copy_so_later_changes_to_the_written_object_do_not_leak_in()
    {
        var writer = State(1, null);
        await _store.WriteStateAsync("counter", Grain, writer, _cancellation);
        writer.State.Value = 42;

        var reader = State(0, null);
        await _store.ReadStateAsync("counter", Grain, reader, _cancellation);
        Assert.Equal(1, reader.State.Value);
    }
}
