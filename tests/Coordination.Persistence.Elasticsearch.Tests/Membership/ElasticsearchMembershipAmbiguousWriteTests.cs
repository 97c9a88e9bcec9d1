using Coordination.ElasticsearchEmulator;
using Coordination.Runtime.Configuration;
using Coordination.Runtime.Membership;
using Coordination.Runtime.Messaging;
using Coordination.Testing.Elasticsearch;
using Coordination.TestingHost;
using Microsoft.Extensions.Options;

namespace Coordination.Persistence.Elasticsearch.Tests.Membership;

/// <summary>
/// Table writes whose answer is lost: settled by reading the table back and comparing the write id, never by
/// sending the write again. The faults come from the emulator, so these skip on a real cluster.
/// </summary>
public sealed class ElasticsearchMembershipAmbiguousWriteTests : IAsyncLifetime
{
    private const string ClusterId = "ambiguous";
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);
    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;
    private readonly ManualTimeProvider _emulatorClock = new();
    private readonly List<ElasticsearchClient> _clients = [];
    private TestElasticsearch _elasticsearch = null!;
    private EmulatorServer _emulator = null!;

    public async ValueTask InitializeAsync()
    {
        _elasticsearch = await TestElasticsearch.StartAsync(new EmulatorOptions { TimeProvider = _emulatorClock }, _cancellation);
        _emulator = Emulated.Require(_elasticsearch);
    }

    public async ValueTask DisposeAsync()
    {
        _clients.ForEach(c => c.Dispose());
        await _elasticsearch.DisposeAsync();
    }

    private static SiloAddress Silo(int n) => new(new System.Net.IPEndPoint(System.Net.IPAddress.Parse($"10.0.0.{n}"), 11111), n);

    private static MembershipTableData Table(long version, params int[] silos) =>
        new(version, [.. silos.Select(n => new MembershipEntry(Silo(n), $"silo-{n}", SiloStatus.Active, T0, []))]);

    private async Task<ElasticsearchMembershipTable> CreateTableAsync(TimeProvider? clientClock = null, Action<ElasticsearchClientOptions>? configure = null)
    {
        var client = new ElasticsearchClient(_elasticsearch.ClientOptions(configure), clientClock);
        _clients.Add(client);
        var table = new ElasticsearchMembershipTable(
            client,
            Options.Create(new ElasticsearchMembershipOptions()),
            Options.Create(new SiloOptions { ClusterId = ClusterId }));

        // Set up now, so that the faults below meet only the writes under test.
        await table.ReadAsync(_cancellation);
        return table;
    }

    private FaultRule LoseTheAnswer(EmulatorOperations write) =>
        _emulator.Faults.Add(new FaultRule { Kind = FaultKind.ApplyThenReset, Operations = write, DocumentId = ClusterId, Count = 1 });

    [Fact]
    public async Task A_create_that_landed_but_lost_its_answer_is_confirmed_by_its_write_id()
    {
        var table = await CreateTableAsync();
        var lost = LoseTheAnswer(EmulatorOperations.Create);
        var before = _emulator.Stats.Snapshot();

        Assert.True(await table.TryWriteAsync(Table(1, 1), null, _cancellation));

        var after = _emulator.Stats.Snapshot();
        Assert.Equal(1, lost.AppliedCount);
        Assert.Equal(1, after.Create - before.Create);
        Assert.Equal(1, after.Get - before.Get);
        Assert.Equal([Silo(1)], (await table.ReadAsync(_cancellation)).Data.Entries.Select(e => e.Silo));
    }

    [Fact]
    public async Task A_compare_and_set_write_that_landed_but_lost_its_answer_is_confirmed_and_not_resent()
    {
        var table = await CreateTableAsync();
        Assert.True(await table.TryWriteAsync(Table(1, 1), null, _cancellation));
        var read = await table.ReadAsync(_cancellation);
        var lost = LoseTheAnswer(EmulatorOperations.Index);
        var before = _emulator.Stats.Snapshot();

        Assert.True(await table.TryWriteAsync(Table(2, 1, 2), read.Etag, _cancellation));

        var after = _emulator.Stats.Snapshot();
        Assert.Equal(1, lost.AppliedCount);
        Assert.Equal(1, after.Index - before.Index);
        var now = await table.ReadAsync(_cancellation);
        Assert.Equal(2, now.Data.Version);
        Assert.False(await table.TryWriteAsync(Table(3, 1), read.Etag, _cancellation));
        Assert.True(await table.TryWriteAsync(Table(3, 1), now.Etag, _cancellation));
    }

    [Fact]
    public async Task A_write_that_landed_but_was_written_over_before_the_read_back_is_reported_as_not_applied()
    {
        var mine = await CreateTableAsync();
        var theirs = await CreateTableAsync();
        Assert.True(await mine.TryWriteAsync(Table(1, 1), null, _cancellation));
        var read = await mine.ReadAsync(_cancellation);
        LoseTheAnswer(EmulatorOperations.Index);
        // Holds the read-back until the other silo has written on top of the lost write.
        var readBack = _emulator.Faults.Add(new FaultRule
        {
            Kind = FaultKind.Latency, Operations = EmulatorOperations.Get, DocumentId = ClusterId, Count = 1, Delay = TimeSpan.FromSeconds(1),
        });

        var write = mine.TryWriteAsync(Table(2, 1, 2), read.Etag, _cancellation);
        await readBack.WhenAppliedAsync(cancellationToken: _cancellation);
        var landed = await theirs.ReadAsync(_cancellation);
        Assert.Equal(2, landed.Data.Version);
        Assert.True(await theirs.TryWriteAsync(Table(3, 1, 2, 3), landed.Etag, _cancellation));
        _emulatorClock.Advance(TimeSpan.FromSeconds(1));

        Assert.False(await write);
        var final = await mine.ReadAsync(_cancellation);
        Assert.Equal(3, final.Data.Version);
        Assert.Equal(3, final.Data.Entries.Count);
    }

    [Fact]
    public async Task A_write_with_no_answer_within_the_timeout_is_resolved_by_reading_not_by_resending()
    {
        var clientClock = new ManualTimeProvider();
        var table = await CreateTableAsync(clientClock, o => o.RequestTimeout = TimeSpan.FromSeconds(5));
        Assert.True(await table.TryWriteAsync(Table(1, 1), null, _cancellation));
        var read = await table.ReadAsync(_cancellation);
        var held = _emulator.Faults.Add(new FaultRule { Kind = FaultKind.ApplyThenTimeout, Operations = EmulatorOperations.Index, DocumentId = ClusterId, Count = 1 });
        var before = _emulator.Stats.Snapshot();

        var write = table.TryWriteAsync(Table(2, 1, 2), read.Etag, _cancellation);
        await held.WhenAppliedAsync(cancellationToken: _cancellation);
        clientClock.Advance(TimeSpan.FromSeconds(5));

        Assert.True(await write);
        var after = _emulator.Stats.Snapshot();
        Assert.Equal(1, after.Index - before.Index);
        Assert.Equal(1, after.Get - before.Get);
    }

    [Fact]
    public async Task When_the_read_back_fails_too_the_caller_is_told_the_outcome_is_unknown()
    {
        var table = await CreateTableAsync();
        LoseTheAnswer(EmulatorOperations.Create);
        _emulator.Faults.Add(new FaultRule { Kind = FaultKind.ApplyThenReset, Operations = EmulatorOperations.Get, DocumentId = ClusterId, Count = 1 });
        var before = _emulator.Stats.Snapshot();

        var error = await Assert.ThrowsAsync<ElasticsearchRequestFailedException>(() => table.TryWriteAsync(Table(1, 1), null, _cancellation));

        Assert.True(error.OutcomeUnknown);
        Assert.Contains("may or may not have been applied", error.Message, StringComparison.Ordinal);
        Assert.Contains("reading the table back", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, _emulator.Stats.Snapshot().Create - before.Create);
    }

    [Fact]
    public async Task A_write_refused_before_it_ran_is_an_error_not_a_reason_to_read_back()
    {
        var table = await CreateTableAsync(configure: o => o.MaxRetries = 0);
        _emulator.Faults.Add(new FaultRule { Kind = FaultKind.TooManyRequests, Operations = EmulatorOperations.Create, DocumentId = ClusterId, Count = 1 });
        var before = _emulator.Stats.Snapshot();

        await Assert.ThrowsAsync<ElasticsearchUnavailableException>(() => table.TryWriteAsync(Table(1, 1), null, _cancellation));

        Assert.Equal(0, _emulator.Stats.Snapshot().Get - before.Get);
        Assert.Null((await table.ReadAsync(_cancellation)).Etag);
    }
}
