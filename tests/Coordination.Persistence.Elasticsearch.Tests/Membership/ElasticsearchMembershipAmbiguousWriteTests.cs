using Coordination.ElasticsearchEmulator;
using Microsoft.Extensions.Time.Testing;
using Orleans.Runtime;

namespace Coordination.Persistence.Elasticsearch.Tests.Membership;

/// <summary>
/// Table writes whose answer is lost: settled by reading the table back and comparing the write id, never by
/// sending the write again. The faults come from the emulator, so these skip on a real cluster.
/// </summary>
public sealed class ElasticsearchMembershipAmbiguousWriteTests : MembershipFixture
{
    private EmulatorServer _emulator = null!;
    private readonly FakeTimeProvider _clientClock = new();

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _emulator = Emulated.Require(Elasticsearch);
    }

    /// <summary>A silo's table whose requests time out on <see cref="_clientClock"/> after five seconds.</summary>
    private Task<ElasticsearchMembershipTable> TimedTableAsync() => InitializedTableAsync(configure: o =>
    {
        o.Connection.TimeProvider = _clientClock;
        o.Connection.RequestTimeout = TimeSpan.FromSeconds(5);
    });

    private FaultRule Fault(FaultKind kind, EmulatorOperations operations) =>
        _emulator.Faults.Add(new FaultRule { Kind = kind, Operations = operations, DocumentId = ClusterId, Count = 1 });

    [Fact]
    public async Task A_create_that_landed_but_lost_its_answer_is_confirmed_by_its_write_id()
    {
        var table = Table();
        var empty = await table.ReadAll();
        var lost = Fault(FaultKind.ApplyThenReset, EmulatorOperations.Create);
        var before = _emulator.Stats.Snapshot();
        var entry = Entry(1);

        Assert.True(await table.InsertRow(entry, empty.Version.Next()));

        var after = _emulator.Stats.Snapshot();
        Assert.Equal(1, lost.AppliedCount);
        Assert.Equal(1, after.Create - before.Create);
        // One read to build the change, one to see whether it landed.
        Assert.Equal(2, after.Get - before.Get);
        Assert.Equal(entry.SiloAddress, Assert.Single((await table.ReadAll()).Members).Item1.SiloAddress);
    }

    [Fact]
    public async Task A_compare_and_set_write_that_landed_but_lost_its_answer_is_confirmed_and_not_resent()
    {
        var table = await InitializedTableAsync();
        var read = await table.ReadAll();
        var lost = Fault(FaultKind.ApplyThenReset, EmulatorOperations.Index);
        var before = _emulator.Stats.Snapshot();

        Assert.True(await table.InsertRow(Entry(1), read.Version.Next()));

        Assert.Equal(1, lost.AppliedCount);
        Assert.Equal(1, _emulator.Stats.Snapshot().Index - before.Index);
        var now = await table.ReadAll();
        Assert.Equal(1, now.Version.Version);
        Assert.False(await table.InsertRow(Entry(2), read.Version.Next()));
        Assert.True(await table.InsertRow(Entry(2), now.Version.Next()));
    }

    [Fact]
    public async Task A_write_with_no_answer_within_the_timeout_is_resolved_by_reading_not_by_resending()
    {
        var table = await TimedTableAsync();
        var read = await table.ReadAll();
        var held = Fault(FaultKind.ApplyThenTimeout, EmulatorOperations.Index);
        var before = _emulator.Stats.Snapshot();

        var insert = table.InsertRow(Entry(1), read.Version.Next());
        await held.WhenAppliedAsync(cancellationToken: Cancellation);
        _clientClock.Advance(TimeSpan.FromSeconds(5));

        Assert.True(await insert);
        var after = _emulator.Stats.Snapshot();
        Assert.Equal(1, after.Index - before.Index);
        Assert.Equal(2, after.Get - before.Get);
    }

    [Fact]
    public async Task A_write_that_landed_but_was_written_over_before_the_read_back_is_reported_as_not_applied()
    {
        var mine = await TimedTableAsync();
        var theirs = await InitializedTableAsync();
        var read = await mine.ReadAll();
        var held = Fault(FaultKind.ApplyThenTimeout, EmulatorOperations.Index);

        var insert = mine.InsertRow(Entry(1), read.Version.Next());
        await held.WhenAppliedAsync(cancellationToken: Cancellation);
        var landed = await theirs.ReadAll();
        Assert.Single(landed.Members);
        Assert.True(await theirs.InsertRow(Entry(2), landed.Version.Next()));
        _clientClock.Advance(TimeSpan.FromSeconds(5));

        Assert.False(await insert);
        var final = await mine.ReadAll();
        Assert.Equal(2, final.Version.Version);
        Assert.Equal(2, final.Members.Count);
    }

    [Fact]
    public async Task When_the_read_back_fails_too_the_caller_is_told_the_outcome_is_unknown()
    {
        var table = await TimedTableAsync();
        var read = await table.ReadAll();
        var held = Fault(FaultKind.ApplyThenTimeout, EmulatorOperations.Index);
        var before = _emulator.Stats.Snapshot();

        var insert = table.InsertRow(Entry(1), read.Version.Next());
        await held.WhenAppliedAsync(cancellationToken: Cancellation);
        Fault(FaultKind.ApplyThenReset, EmulatorOperations.Get);
        _clientClock.Advance(TimeSpan.FromSeconds(5));

        var error = await Assert.ThrowsAsync<ElasticsearchWriteOutcomeUnknownException>(() => insert);
        Assert.Contains("may or may not have been applied", error.Message, StringComparison.Ordinal);
        Assert.Contains("reading the table back", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, _emulator.Stats.Snapshot().Index - before.Index);
    }

    [Fact]
    public async Task A_write_refused_before_it_ran_is_an_error_not_a_reason_to_read_back()
    {
        var table = await InitializedTableAsync(configure: o => o.Connection.MaxRetries = 0);
        var read = await table.ReadAll();
        Fault(FaultKind.TooManyRequests, EmulatorOperations.Index);
        var before = _emulator.Stats.Snapshot();

        await Assert.ThrowsAsync<ElasticsearchUnavailableException>(() => table.InsertRow(Entry(1), read.Version.Next()));

        Assert.Equal(1, _emulator.Stats.Snapshot().Get - before.Get);
        Assert.Empty((await table.ReadAll()).Members);
    }

    [Fact]
    public async Task A_heartbeat_with_no_answer_is_reported_as_unknown_and_changes_nothing_in_the_table()
    {
        var table = await TimedTableAsync();
        var entry = Entry(1, SiloStatus.Active);
        Assert.True(await table.InsertRow(entry, (await table.ReadAll()).Version.Next()));
        var held = await table.ReadAll();
        var rule = _emulator.Faults.Add(new FaultRule { Kind = FaultKind.ApplyThenTimeout, Operations = EmulatorOperations.Index, Count = 1 });

        var heartbeat = table.UpdateIAmAlive(new MembershipEntry { SiloAddress = entry.SiloAddress, IAmAliveTime = T0.AddMinutes(1) });
        await rule.WhenAppliedAsync(cancellationToken: Cancellation);
        _clientClock.Advance(TimeSpan.FromSeconds(5));

        await Assert.ThrowsAsync<ElasticsearchWriteOutcomeUnknownException>(() => heartbeat);
        Assert.Equal(held.Version, (await table.ReadAll()).Version);
    }
}
