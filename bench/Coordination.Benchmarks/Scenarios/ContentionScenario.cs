using Coordination.Benchmarks.Baselines;
using Coordination.Benchmarks.Harness;
using Coordination.ElasticsearchEmulator;
using Coordination.Locks;

namespace Coordination.Benchmarks.Scenarios;

/// <summary>
/// C contenders run TryAcquire/Release loops on K keys, through an Orleans client connected over loopback TCP to
/// the silo's gateway, as an application would call them. Rates come from the measured window; the store
/// figures (writes per ownership change, requests per acquisition) from the whole run, counted after every
/// loop has stopped, so they are exact. The baseline is the same loop against bare mailbox actors, one per
/// key, holding owners and tokens in memory without a store. With the Elasticsearch store, an emulator runs
/// in this process (sharing its cores) and its own request counts give the Elasticsearch figures.
/// </summary>
internal static class ContentionScenario
{
    public static async Task<Report> RunAsync(int contenders, int keyCount, TimeSpan duration, BenchStore store)
    {
        await using var emulator = store == BenchStore.Elasticsearch ? await EmulatorServer.StartAsync() : null;
        var warmup = LoadRunner.WarmupFor(duration);
        var keys = Enumerable.Range(0, keyCount).Select(i => $"bench/{i}").ToArray();
        var owners = Enumerable.Range(0, contenders).Select(i => $"contender-{i}").ToArray();
        var rounds = new long[contenders];

        var counters = new ContentionCounters();
        Measurement measured;
        StoreCount storage;
        await using (var silo = await BenchSilo.StartWithLocksAsync(emulator))
        await using (var client = await silo.ConnectClientAsync())
        {
            var grains = keys.Select(k => client.GetGrain<ILockGrain>(k)).ToArray();
            var lease = TimeSpan.FromMinutes(1);
            measured = await LoadRunner.RunWindowedAsync(contenders, warmup, duration, async contender =>
            {
                var grain = grains[(int)(rounds[contender]++ % keyCount + contender) % keyCount];
                var result = await grain.TryAcquire(owners[contender], lease);
                if (!result.Acquired)
                {
                    counters.Failed();
                    return false;
                }

                counters.Acquired();
                if (await grain.Release(owners[contender], result.FencingToken))
                {
                    counters.Released();
                }

                return true;
            }, counters.OpenWindow, counters.CloseWindow);
            storage = silo.Store.Snapshot();
        }

        var baselineCounters = new ContentionCounters();
        var baselineRounds = new long[contenders];
        Measurement baseline;
        await using (var table = new MailboxLockBaseline(keys))
        {
            baseline = await LoadRunner.RunWindowedAsync(contenders, warmup, duration, async contender =>
            {
                var key = keys[(int)(baselineRounds[contender]++ % keyCount + contender) % keyCount];
                var token = await table.TryAcquireAsync(key, owners[contender]);
                if (token == 0)
                {
                    baselineCounters.Failed();
                    return false;
                }

                baselineCounters.Acquired();
                if (await table.ReleaseAsync(key, owners[contender], token) == 1)
                {
                    baselineCounters.Released();
                }

                return true;
            }, baselineCounters.OpenWindow, baselineCounters.CloseWindow);
        }

        var elasticsearch = emulator?.Stats.Snapshot();
        var seconds = measured.Elapsed.TotalSeconds;
        var acquisitionsPerSecond = counters.WindowAcquisitions / seconds;
        var baselineAcquisitionsPerSecond = baselineCounters.WindowAcquisitions / baseline.Elapsed.TotalSeconds;
        var report = new Report("contention")
            .Add("store", store == BenchStore.Elasticsearch ? "elasticsearch" : "memory")
            .Add("contenders", contenders)
            .Add("keys", keyCount)
            .Add("seconds", duration.TotalSeconds)
            .Add("acquisitions_per_s", Math.Round(acquisitionsPerSecond))
            .Add("failed_tries_per_s", Math.Round(counters.WindowFailedTries / seconds))
            .Add("baseline_acquisitions_per_s", Math.Round(baselineAcquisitionsPerSecond))
            .Add("ratio", Math.Round(acquisitionsPerSecond / baselineAcquisitionsPerSecond, 4))
            .Add("p50_us", Math.Round(measured.P50Microseconds, 2))
            .Add("p99_us", Math.Round(measured.P99Microseconds, 2))
            .Add("ownership_changes", counters.OwnershipChanges)
            .Add("store_writes", storage.Writes)
            .Add("store_reads", storage.Reads)
            .Add("writes_per_ownership_change", Math.Round((double)storage.Writes / counters.OwnershipChanges, 4))
            .Add("store_requests_per_acquisition", Math.Round((double)(storage.Writes + storage.Reads) / counters.Acquisitions, 4));
        if (elasticsearch is not null)
        {
            // Document traffic only: the start-up version check, health wait and template are not per lock.
            var documentRequests = elasticsearch.Index + elasticsearch.Create + elasticsearch.Get;
            report.Add("es_writes", elasticsearch.Index + elasticsearch.Create)
                .Add("es_reads", elasticsearch.Get)
                .Add("es_requests_per_ownership_change", Math.Round((double)documentRequests / counters.OwnershipChanges, 4))
                .Add("es_requests_per_acquisition", Math.Round((double)documentRequests / counters.Acquisitions, 4))
                .Add("es_writes_per_ownership_change", Math.Round((double)(elasticsearch.Index + elasticsearch.Create) / counters.OwnershipChanges, 4));
        }

        return report.AddEnvironment();
    }
}
