using System.Diagnostics;
using Coordination.Benchmarks.Baselines;
using Coordination.Benchmarks.Harness;
using Coordination.ElasticsearchEmulator;
using Coordination.Locks;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Coordination.Benchmarks.Scenarios;

/// <summary>
/// Handoff latency: from the holder's Release starting to the queued waiter's Acquire returning granted, both
/// called by an Orleans client over loopback TCP through the silo's gateway, one handoff at a time (see
/// <see cref="HandoffRounds"/>). A handoff is one store write: the release commits the lock straight to the
/// head of the queue. Store traffic is counted over the measured rounds.
/// </summary>
/// <remarks>
/// The baseline is the same rounds against <see cref="LoopbackLockBaseline"/>: the same messages over one
/// loopback TCP connection to a bare lock with a FIFO queue, without a store. Its median over the grain's is
/// the <c>ratio</c> (1 = as fast as bare; higher is better, as with the throughput ratios), reported for the
/// memory store only: with Elasticsearch the write dominates the handoff, so instead the store's own write
/// latency is measured (the same compare-and-set write of a lock document, one at a time, through the silo's
/// provider) and handoff ≈ bare handoff + store write shows what the runtime adds.
/// </remarks>
internal static class HandoffScenario
{
    private static readonly string[] Owners = ["alpha", "beta"];
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    /// <summary>One report per store; the baseline is measured once and reported in each.</summary>
    public static async Task<IReadOnlyList<Report>> RunAsync(IReadOnlyList<BenchStore> stores, int rounds)
    {
        var warmupRounds = Math.Clamp(rounds / 5, 50, 1000);
        LatencyHistogram baseline;
        await using (var bare = await LoopbackLockBaseline.StartAsync())
        {
            baseline = await HandoffRounds.RunAsync(new BareLock(bare), warmupRounds, rounds);
        }

        var reports = new List<Report>();
        foreach (var store in stores)
        {
            reports.Add(await RunOnStoreAsync(store, rounds, warmupRounds, baseline));
        }

        return reports;
    }

    private static async Task<Report> RunOnStoreAsync(BenchStore store, int rounds, int warmupRounds, LatencyHistogram baseline)
    {
        await using var emulator = store == BenchStore.Elasticsearch ? await EmulatorServer.StartAsync() : null;
        await using var silo = await BenchSilo.StartWithLocksAsync(emulator);
        await using var client = await silo.ConnectClientAsync();

        var atStart = default(StoreTraffic);
        var atEnd = default(StoreTraffic);
        var handoff = await HandoffRounds.RunAsync(
            new GrainLock(client.GetGrain<ILockGrain>("handoff")),
            warmupRounds,
            rounds,
            () => atStart = StoreTraffic.Now(silo.Store, emulator),
            () => atEnd = StoreTraffic.Now(silo.Store, emulator));
        var traffic = atEnd - atStart;
        if (traffic.Writes != rounds || traffic.Reads != 0)
        {
            throw new BenchmarkInvalidException($"{rounds} handoffs made {traffic.Writes} store writes and {traffic.Reads} reads; each must be exactly one write.");
        }

        var storeWrites = await MeasureStoreWritesAsync(silo.Services.GetRequiredKeyedService<IGrainStorage>(LockOptions.DefaultStorageName), warmupRounds, rounds);
        var report = new Report("handoff")
            .Add("store", store == BenchStore.Elasticsearch ? "elasticsearch" : "memory")
            .Add("rounds", rounds)
            .Add("warmup_rounds", warmupRounds)
            .Add("handoff_p50_us", Math.Round(handoff.PercentileMicroseconds(0.50), 2))
            .Add("handoff_p90_us", Math.Round(handoff.PercentileMicroseconds(0.90), 2))
            .Add("handoff_p99_us", Math.Round(handoff.PercentileMicroseconds(0.99), 2))
            .Add("baseline_p50_us", Math.Round(baseline.PercentileMicroseconds(0.50), 2))
            .Add("baseline_p99_us", Math.Round(baseline.PercentileMicroseconds(0.99), 2));
        if (store == BenchStore.Memory)
        {
            report.Add("ratio", Math.Round(baseline.PercentileMicroseconds(0.50) / handoff.PercentileMicroseconds(0.50), 4));
        }

        report.Add("store_write_p50_us", Math.Round(storeWrites.PercentileMicroseconds(0.50), 2))
            .Add("store_write_p99_us", Math.Round(storeWrites.PercentileMicroseconds(0.99), 2))
            .Add("store_writes", traffic.Writes)
            .Add("store_reads", traffic.Reads)
            .Add("writes_per_handoff", Math.Round((double)traffic.Writes / rounds, 4));
        if (emulator is not null)
        {
            report.Add("es_writes", traffic.EmulatorWrites)
                .Add("es_reads", traffic.EmulatorReads)
                .Add("es_writes_per_handoff", Math.Round((double)traffic.EmulatorWrites / rounds, 4));
        }

        return report.AddEnvironment();
    }

    /// <summary>The store alone: compare-and-set writes of a lock document, one at a time, through the grain's provider.</summary>
    private static async Task<LatencyHistogram> MeasureStoreWritesAsync(IGrainStorage storage, int warmupWrites, int writes)
    {
        var latency = new LatencyHistogram();
        var probe = GrainId.Create(LockGrain.GrainTypeName, "handoff-store-probe");
        var state = new GrainState<LockState>(new LockState());
        for (var i = 0; i < warmupWrites + writes; i++)
        {
            var now = DateTimeOffset.UtcNow;
            state.State = new LockState
            {
                Owner = Owners[i % 2],
                FencingToken = i + 1,
                LeaseExpiresAt = now + Lease,
                LeaseDuration = Lease,
                AcquiredAt = now,
                Silo = "bench",
                Nonce = Guid.NewGuid().ToString("N"),
                LastChange = OwnershipChangeKind.Release,
                ChangedAt = now,
            };
            var started = Stopwatch.GetTimestamp();
            await storage.WriteStateAsync(LockGrain.StateName, probe, state);
            if (i >= warmupWrites)
            {
                latency.Record((long)Stopwatch.GetElapsedTime(started).TotalNanoseconds);
            }
        }

        return latency;
    }

    /// <summary>Store requests so far: the silo's own counts, and the emulator's document requests when there is one.</summary>
    private readonly record struct StoreTraffic(long Writes, long Reads, long EmulatorWrites, long EmulatorReads)
    {
        public static StoreTraffic Now(StoreMeter store, EmulatorServer? emulator)
        {
            var requests = emulator?.Stats.Snapshot();
            return new StoreTraffic(store.Writes, store.Reads, (requests?.Index ?? 0) + (requests?.Create ?? 0), requests?.Get ?? 0);
        }

        public static StoreTraffic operator -(StoreTraffic end, StoreTraffic start) =>
            new(end.Writes - start.Writes, end.Reads - start.Reads, end.EmulatorWrites - start.EmulatorWrites, end.EmulatorReads - start.EmulatorReads);
    }

    private sealed class GrainLock(ILockGrain grain) : IHandoffLock
    {
        public async Task<long> AcquireAsync(int owner)
        {
            var result = await grain.Acquire(Owners[owner], WaitTimeout, Lease);
            return result.Outcome == LockOutcome.Acquired
                ? result.FencingToken
                : throw new BenchmarkInvalidException($"{Owners[owner]} asked for the lock and was answered {result.Outcome}, holder {result.Holder}.");
        }

        public async Task ReleaseAsync(int owner, long token)
        {
            if (!await grain.Release(Owners[owner], token))
            {
                throw new BenchmarkInvalidException($"{Owners[owner]} could not release token {token}.");
            }
        }

        public async Task<int> QueueLengthAsync() => (await grain.GetStatus()).QueueLength;
    }

    private sealed class BareLock(LoopbackLockBaseline bare) : IHandoffLock
    {
        public async Task<long> AcquireAsync(int owner) => await bare.AcquireAsync(owner);

        public async Task ReleaseAsync(int owner, long token)
        {
            if (await bare.ReleaseAsync(owner) != 1)
            {
                throw new BenchmarkInvalidException($"Owner {owner} could not release the bare lock at token {token}.");
            }
        }

        public Task<int> QueueLengthAsync() => bare.QueueLengthAsync();
    }
}
