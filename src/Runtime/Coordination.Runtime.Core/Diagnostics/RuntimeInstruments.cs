using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Coordination.Runtime.Diagnostics;

/// <summary>The meter and activity source of the grain runtime. Listen to them by these names.</summary>
public static class RuntimeInstruments
{
    public const string MeterName = "Coordination.Runtime";
    public const string ActivitySourceName = "Coordination.Runtime";

    public static readonly Meter Meter = new(MeterName, "1.0");
    public static readonly ActivitySource ActivitySource = new(ActivitySourceName, "1.0");

    public static readonly Counter<long> CallsSent = Meter.CreateCounter<long>("coordination.grain.calls.sent", description: "Grain calls sent by this process.");
    public static readonly Counter<long> ClientCallsReceived = Meter.CreateCounter<long>("coordination.gateway.calls.received", description: "Grain calls clients sent to this silo's gateway.");
    public static readonly Counter<long> CallTimeouts = Meter.CreateCounter<long>("coordination.grain.calls.timed_out", description: "Grain calls that missed their deadline.");
    public static readonly UpDownCounter<long> Activations = Meter.CreateUpDownCounter<long>("coordination.activations", description: "Grain activations alive on this silo.");
    public static readonly Counter<long> ActivationFailures = Meter.CreateCounter<long>("coordination.activations.failed", description: "Activations whose construction, state read or OnActivateAsync failed.");
    public static readonly Counter<long> StorageOperations = Meter.CreateCounter<long>("coordination.storage.operations", description: "Grain storage reads, writes and clears, tagged by operation and outcome.");
}
