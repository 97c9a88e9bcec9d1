using System.CommandLine;
using Coordination.Benchmarks.Peers;
using Coordination.Benchmarks.Scenarios;

var callers = new Option<int>("--callers") { Description = "Concurrent callers (calls in flight).", DefaultValueFactory = _ => 64 };
var seconds = new Option<double>("--seconds") { Description = "Length of the measured window, per system measured.", DefaultValueFactory = _ => 5 };
var json = new Option<bool>("--json") { Description = "Print JSON (one object per line) instead of a table." };

var remoteCalls = new Command("remote-calls", "An Orleans client calls TryAcquire over loopback TCP, through the silo's gateway, on locks another owner holds (refusals answered from memory, no store write), against bare multiplexed request/response on one connection.")
{
    callers, seconds, json,
};
remoteCalls.SetAction(async (result, _) =>
{
    var report = await RemoteCallsScenario.RunAsync(Positive(result.GetValue(callers), "--callers"), TimeSpan.FromSeconds(Positive(result.GetValue(seconds), "--seconds")));
    report.Write(Console.Out, result.GetValue(json));
    return 0;
});

var contenders = new Option<int>("--contenders") { Description = "Concurrent contenders.", DefaultValueFactory = _ => 64 };
var keys = new Option<int>("--keys") { Description = "Number of lock keys contended for.", DefaultValueFactory = _ => 1 };
var store = new Option<BenchStore>("--store") { Description = "Where lock state lives: memory, or elasticsearch (an emulator in this process).", DefaultValueFactory = _ => BenchStore.Memory };
var contention = new Command("contention", "TryAcquire/Release loops on K keys, against bare mailbox actors; counts store writes per ownership change.")
{
    contenders, keys, seconds, store, json,
};
contention.SetAction(async (result, _) =>
{
    var report = await ContentionScenario.RunAsync(
        Positive(result.GetValue(contenders), "--contenders"),
        Positive(result.GetValue(keys), "--keys"),
        TimeSpan.FromSeconds(Positive(result.GetValue(seconds), "--seconds")),
        result.GetValue(store));
    report.Write(Console.Out, result.GetValue(json));
    return 0;
});

var rounds = new Option<int>("--rounds") { Description = "Handoffs measured per system, after a warm-up of a fifth as many (50 to 1000).", DefaultValueFactory = _ => 5000 };
var handoffStore = new Option<string>("--store") { Description = "Where lock state lives: memory, elasticsearch (an emulator in this process), or both (one report each).", DefaultValueFactory = _ => "memory" };
handoffStore.AcceptOnlyFromAmong("memory", "elasticsearch", "both");
var handoff = new Command("handoff", "Handoff latency, from the holder's Release to the queued waiter's Acquire returning granted (one store write each), through an Orleans client; against the same rounds on a bare lock with a FIFO queue over loopback TCP.")
{
    rounds, handoffStore, json,
};
handoff.SetAction(async (result, _) =>
{
    BenchStore[] stores = result.GetValue(handoffStore) switch
    {
        "elasticsearch" => [BenchStore.Elasticsearch],
        "both" => [BenchStore.Memory, BenchStore.Elasticsearch],
        _ => [BenchStore.Memory],
    };
    var reports = await HandoffScenario.RunAsync(stores, Positive(result.GetValue(rounds), "--rounds"));
    for (var i = 0; i < reports.Count; i++)
    {
        if (i > 0 && !result.GetValue(json))
        {
            Console.Out.WriteLine();
        }

        reports[i].Write(Console.Out, result.GetValue(json));
    }

    return 0;
});

var peerContenders = new Option<int>("--contenders") { Description = "Concurrent contenders in the hot-key and many-keys workloads.", DefaultValueFactory = _ => 64 };
var peerWorkloads = new Option<string[]>("--workloads") { Description = "Which workloads to run (all four by default).", DefaultValueFactory = _ => PeersScenario.Workloads, AllowMultipleArgumentsPerToken = true };
peerWorkloads.AcceptOnlyFromAmong(PeersScenario.Workloads);
var peersCommand = new Command("peers", "Our lock service (memory and Elasticsearch stores, through an Orleans client) against DistributedLock.Redis on a redis-server of its own and two Elasticsearch locking recipes on the official client, on four workloads: uncontended, hot-key, handoff and many-keys. A system that cannot run here is reported as skipped.")
{
    seconds, peerContenders, peerWorkloads, json,
};
peersCommand.SetAction(async (result, _) =>
{
    var reports = await PeersScenario.RunAsync(
        TimeSpan.FromSeconds(Positive(result.GetValue(seconds), "--seconds")),
        Positive(result.GetValue(peerContenders), "--contenders"),
        result.GetValue(peerWorkloads)!,
        Console.Error);
    if (result.GetValue(json))
    {
        foreach (var report in reports)
        {
            report.Write(Console.Out, json: true);
        }
    }
    else
    {
        PeersTable.Write(Console.Out, reports);
    }

    return 0;
});

var root = new RootCommand("Coordination benchmarks. Every scenario reports its figures as a ratio against a baseline measured in the same run.")
{
    remoteCalls,
    contention,
    handoff,
    peersCommand,
};

try
{
    // Without the default handler, the errors below reach the catches instead of being printed as crashes.
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (ArgumentOutOfRangeException error)
{
    Console.Error.WriteLine(error.Message);
    return 2;
}
catch (Coordination.Benchmarks.Harness.BenchmarkInvalidException invalid)
{
    Console.Error.WriteLine($"The run is invalid, so no figures are reported: {invalid.Message}");
    return 3;
}

static T Positive<T>(T value, string option)
    where T : System.Numerics.INumber<T> =>
    value > T.Zero ? value : throw new ArgumentOutOfRangeException(option, value, $"{option} must be positive.");
