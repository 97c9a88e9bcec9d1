using System.Runtime.CompilerServices;
using Coordination.Benchmarks.Baselines;
using Coordination.Benchmarks.Harness;
using Coordination.Locks;

namespace Coordination.Benchmarks.Scenarios;

/// <summary>
/// An Orleans client, connected over loopback TCP to the gateway of one silo, calls TryAcquire on locks that
/// another owner already holds: the refusal is answered from the activation's memory, so this measures the
/// client path, the gateway and the activation, never the store. With one silo the gateway owns every key and
/// delivers locally. Every answer is checked, and the store must see no write or read while the calls run.
/// The baseline is bare multiplexed request/response over one loopback TCP connection at the same concurrency,
/// measured in slices interleaved with the client's.
/// </summary>
internal static class RemoteCallsScenario
{
    private const int HeldKeys = 256;
    private const string Holder = "holder";
    private const string Contender = "contender";

    public static async Task<Report> RunAsync(int callers, TimeSpan duration)
    {
        var warmup = LoadRunner.WarmupFor(duration);
        var answers = new AnswerCheck(callers);

        Measurement measured;
        Measurement baseline;
        StoreCount whileCalling;
        await using (var silo = await BenchSilo.StartWithLocksAsync(emulator: null))
        await using (var client = await silo.ConnectClientAsync())
        await using (var rpc = await LoopbackRpcBaseline.StartAsync())
        {
            var locks = Enumerable.Range(0, HeldKeys).Select(i => client.GetGrain<ILockGrain>($"held/{i}")).ToArray();
            foreach (var held in locks)
            {
                // The longest lease allowed: no lock may expire (and be written) during the run.
                var taken = await held.TryAcquire(Holder, TimeSpan.FromHours(1));
                if (taken.Outcome != LockOutcome.Acquired)
                {
                    throw new BenchmarkInvalidException($"Setting up: the holder could not take a fresh lock ({taken.Outcome}).");
                }
            }

            // Each caller walks every key from its own starting point, so the calls in flight spread over the keys.
            var next = Enumerable.Range(0, callers).Select(c => (long)c * HeldKeys / callers).ToArray();
            var afterSetup = silo.Store.Snapshot();
            (measured, baseline) = await LoadRunner.CompareAsync(
                callers,
                warmup,
                duration,
                caller => TryAcquireRefusedAsync(locks[(int)(next[caller]++ % HeldKeys)], answers, caller),
                rpc.PingAsync);
            whileCalling = silo.Store.Snapshot() - afterSetup;
        }

        if (answers.Wrong > 0)
        {
            throw new BenchmarkInvalidException($"{answers.Wrong} of {answers.Checked} TryAcquire answers were not HeldByOther by '{Holder}'; first: {answers.FirstWrong}.");
        }

        // Warm-up included: no refusal may touch the store.
        if (whileCalling.Writes != 0 || whileCalling.Reads != 0)
        {
            throw new BenchmarkInvalidException($"The store saw {whileCalling.Writes} writes and {whileCalling.Reads} reads while the contenders called; refusals must be answered from memory.");
        }

        return Report.ForCalls("remote-calls", callers, duration, measured, baseline)
            .Add("held_keys", HeldKeys)
            .Add("answers_checked", answers.Checked)
            .Add("wrong_answers", answers.Wrong)
            .Add("store_writes_while_calling", whileCalling.Writes)
            .Add("store_reads_while_calling", whileCalling.Reads);
    }

    // Pooled, so checking each answer costs the harness no allocation per call.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<bool> TryAcquireRefusedAsync(ILockGrain grain, AnswerCheck answers, int caller)
    {
        var result = await grain.TryAcquire(Contender);
        return answers.Record(caller, result);
    }

    /// <summary>Checks every answer, across the warm-up and the window; read once every caller has stopped.</summary>
    private sealed class AnswerCheck(int callers)
    {
        // One slot per caller, so counting takes no interlocked operation on the hot path.
        private readonly long[] _checked = new long[callers];
        private long _wrong;

        public long Checked => _checked.Sum();

        public long Wrong => Interlocked.Read(ref _wrong);

        public LockResult? FirstWrong { get; private set; }

        public bool Record(int caller, LockResult result)
        {
            _checked[caller]++;
            if (result is { Acquired: false, Outcome: LockOutcome.HeldByOther, Holder: Holder })
            {
                return true;
            }

            if (Interlocked.Increment(ref _wrong) == 1)
            {
                FirstWrong = result;
            }

            return false;
        }
    }
}
