using System.Diagnostics;
using Coordination.Benchmarks.Harness;
using Coordination.Benchmarks.Scenarios;

namespace Coordination.Benchmarks.Peers;

/// <summary>
/// Our lock service against what a user would pick instead, on this machine, in one run, on the same four workloads:
/// W1 <c>uncontended</c> (1 caller, 100 keys in turn), W2 <c>hot-key</c> (C contenders try-acquire one key without
/// waiting), W3 <c>handoff</c> (release to a waiter blocked in the system's waiting acquire) and W4 <c>many-keys</c>
/// (C contenders over 1,000 keys). Every system stays up throughout and is driven in slices interleaved with the
/// others', so the machine's drift falls on all of them alike. One report per system and workload.
/// </summary>
internal static class PeersScenario
{
    private const int UncontendedKeys = 100;
    private const int ManyKeys = 1000;
    private const int MinimumHandoffRounds = 200;

    /// <summary>A polling system's handoff rounds take long: it may spend up to this many windows reaching its rounds, then reports fewer.</summary>
    private const int HandoffBudgetWindows = 4;

    private static readonly (string System, Func<Task<IPeerLock>> Start)[] Systems =
    [
        ("coordination-memory", async () => await CoordinationPeer.StartAsync(BenchStore.Memory)),
        ("coordination-elasticsearch", async () => await CoordinationPeer.StartAsync(BenchStore.Elasticsearch)),
        ("distributedlock-redis", async () => await RedisPeer.StartAsync()),
        ("es-create-delete", async () => await ElasticsearchRecipe.StartAsync(emulator => new CreateDeleteRecipe(emulator))),
        ("es-cas", async () => await ElasticsearchRecipe.StartAsync(emulator => new CasRecipe(emulator))),
    ];

    /// <summary>The workloads, in the order they run.</summary>
    public static readonly string[] Workloads = ["uncontended", "hot-key", "handoff", "many-keys"];

    public static async Task<IReadOnlyList<Report>> RunAsync(TimeSpan duration, int contenders, IReadOnlyCollection<string> workloads, TextWriter progress)
    {
        var reports = new List<Report>();
        var peers = new List<IPeerLock>();
        try
        {
            foreach (var (system, start) in Systems)
            {
                try
                {
                    peers.Add(await start());
                }
                catch (PeerUnavailableException unavailable)
                {
                    progress.WriteLine($"peers: {system} skipped: {unavailable.Message}");
                    reports.Add(new Report().Add("system", system).Add("skipped", unavailable.Message));
                }
            }

            foreach (var workload in Workloads.Where(workloads.Contains))
            {
                progress.WriteLine($"peers: {workload}, {peers.Count} systems, {duration.TotalSeconds} s each");
                reports.AddRange(workload switch
                {
                    "uncontended" => await ContendedAsync(peers, workload, Keys(workload, UncontendedKeys), callers: 1, duration),
                    "hot-key" => await ContendedAsync(peers, workload, Keys(workload, 1), contenders, duration),
                    "handoff" => await HandoffAsync(peers, duration),
                    _ => await ContendedAsync(peers, workload, Keys(workload, ManyKeys), contenders, duration),
                });
            }
        }
        finally
        {
            foreach (var peer in peers)
            {
                await peer.DisposeAsync();
            }
        }

        return reports;
    }

    /// <summary>
    /// Each caller loops: try-acquire a key without waiting; when acquired, hold it for a turn of the thread pool and
    /// release it. With one caller (W1) every try must succeed, and a loop is one acquire+release cycle; with one key
    /// (W2) the callers contend for it; with many keys (W4) each caller picks its next key at random.
    /// </summary>
    private static async Task<IEnumerable<Report>> ContendedAsync(IReadOnlyList<IPeerLock> peers, string workload, string[] keys, int callers, TimeSpan duration)
    {
        var owners = Enumerable.Range(0, callers).Select(i => $"caller-{i}").ToArray();
        var counters = peers.Select(peer => new ContentionCounters(peer.StoreRequests)).ToArray();
        var guards = peers.Select(_ => new OverlapGuard()).ToArray();
        var targets = peers.Select((peer, i) =>
        {
            var next = new long[callers];
            var random = Enumerable.Range(0, callers).Select(c => new Random(c)).ToArray();
            return new LoadTarget<bool>(
                caller => CycleAsync(peer, keys[callers == 1 ? next[caller]++ % keys.Length : random[caller].Next(keys.Length)], owners[caller], callers == 1, counters[i], guards[i]),
                counters[i].OpenWindow,
                counters[i].CloseWindow);
        }).ToArray();
        foreach (var peer in peers)
        {
            await PrimeAsync(peer, keys, callers);
        }

        var measured = await LoadRunner.InterleaveAsync(callers, LoadRunner.WarmupFor(duration), duration, targets);

        return peers.Select((peer, i) =>
        {
            var report = new Report().Add("system", peer.System).Add("workload", workload);
            var seconds = measured[i].Elapsed.TotalSeconds;
            if (callers == 1)
            {
                report.Add("cycles_per_s", Math.Round(measured[i].ThroughputPerSecond))
                    .Add("p50_us", Math.Round(measured[i].P50Microseconds, 1))
                    .Add("p99_us", Math.Round(measured[i].P99Microseconds, 1));
            }
            else
            {
                report.Add("acquisitions_per_s", Math.Round(counters[i].WindowAcquisitions / seconds))
                    .Add("failed_tries_per_s", Math.Round(counters[i].WindowFailedTries / seconds));
            }

            return AddStoreAndOverlaps(report, counters[i], guards[i]);
        }).ToArray();
    }

    /// <summary>
    /// Takes and releases every key once, so that no key's first use (an activation and its store read, for us) falls
    /// in a measured window when the warm-up did not happen to reach it.
    /// </summary>
    private static Task PrimeAsync(IPeerLock peer, string[] keys, int callers) =>
        Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = callers }, async (key, _) =>
        {
            var handle = await peer.TryAcquireAsync(key, "primer")
                ?? throw new BenchmarkInvalidException($"{peer.System}: could not take the free key {key} to prime it.");
            await peer.ReleaseAsync(handle);
        });

    private static async ValueTask<bool> CycleAsync(IPeerLock peer, string key, string owner, bool mustAcquire, ContentionCounters counters, OverlapGuard guard)
    {
        if (await peer.TryAcquireAsync(key, owner) is not { } handle)
        {
            counters.Failed();
            return mustAcquire
                ? throw new BenchmarkInvalidException($"{peer.System}: the only caller could not take the free key {key}.")
                : false;
        }

        counters.Acquired();
        guard.Enter(key);
        // The holder lets other callers run before it lets go, so a grant to one of them while it holds would be seen.
        await Task.Yield();
        guard.Exit(key);
        await peer.ReleaseAsync(handle);
        counters.Released();
        return true;
    }

    /// <summary>
    /// W3: handoff rounds (<see cref="HandoffRounds"/>) on each system, in interleaved slices. A system runs until it has
    /// had its window and at least <see cref="MinimumHandoffRounds"/> rounds, or has spent
    /// <see cref="HandoffBudgetWindows"/> windows (a polling system's rounds are slow), and reports its rounds.
    /// </summary>
    private static async Task<IEnumerable<Report>> HandoffAsync(IReadOnlyList<IPeerLock> peers, TimeSpan duration)
    {
        var sides = new List<HandoffSide>();
        foreach (var peer in peers)
        {
            var guard = new OverlapGuard();
            var rounds = await HandoffRounds.StartAsync(new PeerHandoff(peer, "handoff", guard));
            var warmup = Stopwatch.StartNew();
            do
            {
                await rounds.RunRoundAsync();
            }
            while (warmup.Elapsed < LoadRunner.WarmupFor(duration) / 2);

            sides.Add(new HandoffSide(peer, rounds, guard, new ContentionCounters(peer.StoreRequests), new LatencyHistogram()));
        }

        var slice = duration / LoadRunner.ComparisonSlices;
        await LoadRunner.InterleaveSlicesAsync(
            sides.Count,
            async i =>
            {
                var side = sides[i];
                if ((side.Spent >= duration && side.Latency.Count >= MinimumHandoffRounds) || side.Spent >= duration * HandoffBudgetWindows)
                {
                    return;
                }

                side.Counters.OpenWindow();
                var clock = Stopwatch.StartNew();
                do
                {
                    side.Latency.Record((long)(await side.Rounds.RunRoundAsync()).TotalNanoseconds);
                    side.Counters.Acquired();
                }
                while (clock.Elapsed < slice);
                side.Spent += clock.Elapsed;
                side.Counters.CloseWindow();
            },
            LoadRunner.ComparisonSlices * HandoffBudgetWindows);

        foreach (var side in sides)
        {
            await side.Rounds.FinishAsync();
        }

        return sides.Select(side => AddStoreAndOverlaps(
            new Report().Add("system", side.Peer.System)
                .Add("workload", "handoff")
                .Add("p50_us", Math.Round(side.Latency.PercentileMicroseconds(0.50), 1))
                .Add("p90_us", Math.Round(side.Latency.PercentileMicroseconds(0.90), 1))
                .Add("p99_us", Math.Round(side.Latency.PercentileMicroseconds(0.99), 1))
                .Add("rounds", side.Latency.Count),
            side.Counters,
            side.Guard)).ToArray();
    }

    private static Report AddStoreAndOverlaps(Report report, ContentionCounters counters, OverlapGuard guard)
    {
        if (counters.WindowStoreRequestsPerAcquisition is { } perAcquisition)
        {
            report.Add("store_requests_per_acquisition", Math.Round(perAcquisition, 3));
        }

        return report.Add("overlaps", guard.Overlaps);
    }

    private static string[] Keys(string workload, int count) => Enumerable.Range(0, count).Select(i => $"{workload}/{i}").ToArray();

    private sealed class HandoffSide(IPeerLock peer, HandoffRounds rounds, OverlapGuard guard, ContentionCounters counters, LatencyHistogram latency)
    {
        public IPeerLock Peer => peer;

        public HandoffRounds Rounds => rounds;

        public OverlapGuard Guard => guard;

        public ContentionCounters Counters => counters;

        public LatencyHistogram Latency => latency;

        public TimeSpan Spent { get; set; }
    }

    /// <summary>A peer as the handoff rounds drive it: two owners take turns on one key; the guard sees each grant.</summary>
    private sealed class PeerHandoff(IPeerLock peer, string key, OverlapGuard guard) : IHandoffLock
    {
        private static readonly string[] Owners = ["alpha", "beta"];
        private static readonly TimeSpan WaitLimit = TimeSpan.FromMinutes(1);
        private readonly PeerHandle?[] _held = new PeerHandle?[2];
        private long _grants;

        public async Task<long> AcquireAsync(int owner)
        {
            using var limit = new CancellationTokenSource(WaitLimit);
            var handle = await peer.AcquireWaitingAsync(key, Owners[owner], limit.Token);
            guard.Enter(key);
            _held[owner] = handle;
            // Systems without fencing tokens count their grants, so the rounds' check that each grant is the next holds.
            return handle.FencingToken ?? ++_grants;
        }

        public async Task ReleaseAsync(int owner, long token)
        {
            var handle = _held[owner] ?? throw new BenchmarkInvalidException($"{peer.System}: {Owners[owner]} releases {key} without holding it.");
            _held[owner] = null;
            guard.Exit(key);
            await peer.ReleaseAsync(handle);
        }

        public async Task<int> QueueLengthAsync() => await peer.HasWaiterAsync(key) ? 1 : 0;
    }
}
