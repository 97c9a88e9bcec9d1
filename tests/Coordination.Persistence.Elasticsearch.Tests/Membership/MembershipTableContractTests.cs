using System.Net;
using Coordination.Runtime.Membership;
using Coordination.Runtime.Messaging;

namespace Coordination.Persistence.Elasticsearch.Tests.Membership;

/// <summary>
/// What every <see cref="IMembershipTable"/> must do, whatever keeps it: compare-and-set on the whole table,
/// exact round trips, heartbeats of the table's silos. Each derived class runs it against one store.
/// </summary>
public abstract class MembershipTableContractTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    protected CancellationToken Cancellation { get; } = TestContext.Current.CancellationToken;

    /// <summary>Another silo's handle on this test's table: every call gives a view of the same table.</summary>
    protected abstract Task<IMembershipTable> CreateTableAsync();

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    protected static SiloAddress Silo(int n, long generation = 638_700_000_000_000_000) =>
        new(new IPEndPoint(IPAddress.Parse($"10.0.0.{n}"), 11111), generation);

    protected static MembershipEntry Entry(SiloAddress silo, string? name = null, SiloStatus status = SiloStatus.Active) =>
        new(silo, name ?? $"silo-{silo.Endpoint.Address}", status, T0, []);

    protected static MembershipTableData Table(long version, params MembershipEntry[] entries) => new(version, entries);

    [Fact]
    public async Task An_empty_table_reads_as_empty_with_no_etag()
    {
        var table = await CreateTableAsync();

        var snapshot = await table.ReadAsync(Cancellation);

        Assert.Null(snapshot.Etag);
        Assert.Equal(0, snapshot.Data.Version);
        Assert.Empty(snapshot.Data.Entries);
        Assert.Empty(snapshot.Heartbeats);
    }

    [Fact]
    public async Task The_table_is_created_once_and_a_second_create_is_refused()
    {
        var first = await CreateTableAsync();
        var second = await CreateTableAsync();
        var created = Table(1, Entry(Silo(1)));

        Assert.True(await first.TryWriteAsync(created, null, Cancellation));
        Assert.False(await second.TryWriteAsync(Table(1, Entry(Silo(2))), null, Cancellation));

        var snapshot = await second.ReadAsync(Cancellation);
        Assert.NotNull(snapshot.Etag);
        AssertSameTable(created, snapshot.Data);
    }

    [Fact]
    public async Task A_write_with_the_current_etag_succeeds_and_changes_the_etag()
    {
        var table = await CreateTableAsync();
        Assert.True(await table.TryWriteAsync(Table(1, Entry(Silo(1))), null, Cancellation));
        var before = await table.ReadAsync(Cancellation);
        var joined = before.Data.With(Entry(Silo(2), status: SiloStatus.Joining));

        Assert.True(await table.TryWriteAsync(joined, before.Etag, Cancellation));

        var after = await table.ReadAsync(Cancellation);
        Assert.NotNull(after.Etag);
        Assert.NotEqual(before.Etag, after.Etag);
        AssertSameTable(joined, after.Data);
        Assert.True(await table.TryWriteAsync(after.Data.With(Entry(Silo(2))), after.Etag, Cancellation));
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_refused_and_changes_nothing()
    {
        var table = await CreateTableAsync();
        var other = await CreateTableAsync();
        Assert.True(await table.TryWriteAsync(Table(1, Entry(Silo(1))), null, Cancellation));
        var stale = await table.ReadAsync(Cancellation);
        Assert.True(await other.TryWriteAsync(stale.Data.With(Entry(Silo(2))), stale.Etag, Cancellation));
        var current = await table.ReadAsync(Cancellation);

        Assert.False(await table.TryWriteAsync(stale.Data.With(Entry(Silo(1), status: SiloStatus.Dead)), stale.Etag, Cancellation));

        var after = await other.ReadAsync(Cancellation);
        Assert.Equal(current.Etag, after.Etag);
        AssertSameTable(current.Data, after.Data);
    }

    [Fact]
    public async Task Entries_round_trip_exactly()
    {
        var table = await CreateTableAsync();
        var ipv6 = new SiloAddress(new IPEndPoint(IPAddress.Parse("fd00::17"), 40000), long.MaxValue);
        var written = Table(
            42,
            new MembershipEntry(Silo(1), "silo-a", SiloStatus.Active, T0.AddTicks(1_234_567), [], "10.0.0.1:30000"),
            new MembershipEntry(ipv6, "silo ü 東京", SiloStatus.Joining, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(5.5)).AddTicks(7), []),
            new MembershipEntry(Silo(3, generation: 0), "silo-c", SiloStatus.ShuttingDown, T0, [new SuspicionVote(Silo(1), T0.AddSeconds(3))], "gateway.example:30000"),
            new MembershipEntry(
                Silo(4, generation: 5),
                "silo-d",
                SiloStatus.Dead,
                T0.AddDays(-3),
                [
                    new SuspicionVote(ipv6, new DateTimeOffset(2026, 11, 20, 23, 59, 59, TimeSpan.FromHours(-8)).AddTicks(1)),
                    new SuspicionVote(Silo(3, generation: 0), T0.AddMilliseconds(10)),
                ]));

        Assert.True(await table.TryWriteAsync(written, null, Cancellation));

        AssertSameTable(written, (await (await CreateTableAsync()).ReadAsync(Cancellation)).Data);
    }

    [Fact]
    public async Task Heartbeats_round_trip_for_every_silo_in_the_table_that_is_not_dead()
    {
        var first = await CreateTableAsync();
        var second = await CreateTableAsync();
        var dead = Silo(4, generation: 1);
        Assert.True(await first.TryWriteAsync(Table(1, Entry(Silo(1)), Entry(Silo(2)), Entry(Silo(3)), Entry(dead, status: SiloStatus.Dead)), null, Cancellation));
        var secondAliveAt = new DateTimeOffset(2026, 11, 21, 11, 0, 2, TimeSpan.FromHours(2)).AddTicks(4321);

        await first.WriteHeartbeatAsync(Silo(1), T0.AddSeconds(1), Cancellation);
        await second.WriteHeartbeatAsync(Silo(2), secondAliveAt, Cancellation);
        await first.WriteHeartbeatAsync(Silo(1), T0.AddSeconds(5), Cancellation);
        await second.WriteHeartbeatAsync(dead, T0.AddDays(-1), Cancellation);

        var heartbeats = (await second.ReadAsync(Cancellation)).Heartbeats;
        Assert.Equal(2, heartbeats.Count);
        AssertSameInstant(T0.AddSeconds(5), heartbeats[Silo(1)]);
        AssertSameInstant(secondAliveAt, heartbeats[Silo(2)]);
        Assert.False(heartbeats.ContainsKey(Silo(3)));
        // Nobody needs a dead silo's heartbeat, and reading it would make every read grow with each restart.
        Assert.False(heartbeats.ContainsKey(dead));
    }

    [Fact]
    public async Task Deleted_heartbeats_are_gone_and_deleting_one_never_written_is_no_error()
    {
        var table = await CreateTableAsync();
        Assert.True(await table.TryWriteAsync(Table(1, Entry(Silo(1)), Entry(Silo(2))), null, Cancellation));
        await table.WriteHeartbeatAsync(Silo(1), T0, Cancellation);
        await table.WriteHeartbeatAsync(Silo(2), T0, Cancellation);

        await (await CreateTableAsync()).DeleteHeartbeatsAsync([Silo(1), Silo(7)], Cancellation);

        Assert.Equal([Silo(2)], (await table.ReadAsync(Cancellation)).Heartbeats.Keys);
    }

    [Fact]
    public async Task When_a_silo_died_round_trips()
    {
        var table = await CreateTableAsync();
        var diedAt = new DateTimeOffset(2026, 11, 21, 10, 30, 0, TimeSpan.Zero).AddTicks(1234);
        var written = Table(1, Entry(Silo(1)), Entry(Silo(2)).WithStatus(SiloStatus.Dead, diedAt));

        Assert.True(await table.TryWriteAsync(written, null, Cancellation));

        var read = (await (await CreateTableAsync()).ReadAsync(Cancellation)).Data;
        AssertSameTable(written, read);
        Assert.Equal(diedAt, read.Find(Silo(2))!.DiedAt);
        Assert.Null(read.Find(Silo(1))!.DiedAt);
    }

    [Fact]
    public async Task Heartbeats_of_silos_outside_the_table_are_not_returned()
    {
        var table = await CreateTableAsync();
        var restarted = Silo(1, generation: 2);
        await table.WriteHeartbeatAsync(Silo(9), T0, Cancellation);
        Assert.True(await table.TryWriteAsync(Table(1, Entry(Silo(1, generation: 1)), Entry(Silo(2))), null, Cancellation));
        await table.WriteHeartbeatAsync(Silo(2), T0.AddSeconds(1), Cancellation);
        await table.WriteHeartbeatAsync(restarted, T0.AddSeconds(2), Cancellation);

        var heartbeats = (await table.ReadAsync(Cancellation)).Heartbeats;

        Assert.Equal(T0.AddSeconds(1), heartbeats[Silo(2)]);
        // Another generation on the same endpoint is another silo.
        Assert.Equal([Silo(2)], heartbeats.Keys);
    }

    [Fact]
    public async Task Of_concurrent_creators_exactly_one_wins()
    {
        const int creators = 8;
        var tables = await Task.WhenAll(Enumerable.Range(0, creators).Select(_ => CreateTableAsync()));
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writes = tables.Select((table, i) => Task.Run(async () =>
        {
            await start.Task;
            return await table.TryWriteAsync(Table(1, Entry(Silo(100 + i))), null, Cancellation);
        })).ToList();

        start.SetResult();
        var results = await Task.WhenAll(writes);

        var winner = Assert.Single(Enumerable.Range(0, creators), i => results[i]);
        AssertSameTable(Table(1, Entry(Silo(100 + winner))), (await tables[0].ReadAsync(Cancellation)).Data);
    }

    [Fact]
    public async Task Of_concurrent_writers_from_the_same_etag_exactly_one_wins_every_round()
    {
        const int writers = 8;
        const int rounds = 12;
        var tables = await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => CreateTableAsync()));
        Assert.True(await tables[0].TryWriteAsync(Table(0), null, Cancellation));

        for (var round = 1; round <= rounds; round++)
        {
            var before = await tables[0].ReadAsync(Cancellation);
            var proposals = Enumerable.Range(0, writers).Select(w => before.Data.With(Entry(Silo(w + 1), $"round {round}, writer {w}"))).ToArray();
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var writes = tables.Select((table, w) => Task.Run(async () =>
            {
                await start.Task;
                return await table.TryWriteAsync(proposals[w], before.Etag, Cancellation);
            })).ToList();

            start.SetResult();
            var results = await Task.WhenAll(writes);

            var winner = Assert.Single(Enumerable.Range(0, writers), w => results[w]);
            var after = await tables[(round + 1) % writers].ReadAsync(Cancellation);
            Assert.NotEqual(before.Etag, after.Etag);
            Assert.Equal(round, after.Data.Version);
            AssertSameTable(proposals[winner], after.Data);
        }
    }

    protected static void AssertSameTable(MembershipTableData expected, MembershipTableData actual)
    {
        Assert.Equal(expected.Version, actual.Version);
        Assert.Equal(expected.Entries.Count, actual.Entries.Count);
        for (var i = 0; i < expected.Entries.Count; i++)
        {
            AssertSameEntry(expected.Entries[i], actual.Entries[i]);
        }
    }

    protected static void AssertSameEntry(MembershipEntry expected, MembershipEntry actual)
    {
        Assert.Equal(expected.Silo, actual.Silo);
        Assert.Equal(expected.SiloName, actual.SiloName);
        Assert.Equal(expected.Status, actual.Status);
        AssertSameInstant(expected.StartedAt, actual.StartedAt);
        Assert.Equal(expected.GatewayEndpoint, actual.GatewayEndpoint);
        Assert.Equal(expected.Suspicions.Count, actual.Suspicions.Count);
        for (var i = 0; i < expected.Suspicions.Count; i++)
        {
            Assert.Equal(expected.Suspicions[i].Suspector, actual.Suspicions[i].Suspector);
            AssertSameInstant(expected.Suspicions[i].CastAt, actual.Suspicions[i].CastAt);
        }

        // Catches a field added to the entry later but not stored (the list compares by reference, so it is set aside).
        Assert.Equal(expected, actual with { Suspicions = expected.Suspicions });
    }

    /// <summary>The same instant to the tick, written with the same offset.</summary>
    protected static void AssertSameInstant(DateTimeOffset expected, DateTimeOffset actual)
    {
        Assert.Equal(expected.UtcTicks, actual.UtcTicks);
        Assert.Equal(expected.Offset, actual.Offset);
    }
}
