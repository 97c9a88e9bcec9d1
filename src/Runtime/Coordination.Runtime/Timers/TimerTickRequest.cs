using Coordination.Invocation;
using Coordination.Serialization;

namespace Coordination.Runtime.Timers;

/// <summary>One tick of a grain timer, queued like a call so it follows the same interleaving rules.</summary>
internal sealed class TimerTickRequest : GrainRequest<VoidResult>
{
    public TimerTickRequest(GrainTimer timer)
    {
        Timer = timer;
        Target = timer.GrainId;
    }

    public GrainTimer Timer { get; }

    public override string InterfaceName => "GrainTimer";

    public override string MethodName => "Tick";

    public override uint MethodId => 0;

    public override bool IsAlwaysInterleave => Timer.Interleaves;

    internal override bool IsOneWay => true;

    public override void WriteArguments(ref CodecWriter writer) =>
        throw new InvalidOperationException("Timer ticks never leave their silo.");

    protected override ValueTask<VoidResult> InvokeCore(object grain) => VoidResult.FromTask(Timer.InvokeCallback());

    protected override void WriteResult(ref CodecWriter writer, VoidResult result)
    {
    }

    protected override VoidResult ReadResult(ref CodecReader reader) => default;
}
