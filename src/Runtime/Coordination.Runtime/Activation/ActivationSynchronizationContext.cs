namespace Coordination.Runtime.Activation;

/// <summary>
/// Current while an activation runs a turn. Every <c>await</c> in grain code captures it, so the
/// continuation comes back to the activation's queue instead of running on any thread: that is what makes
/// execution single-threaded and lets other calls interleave only at awaits.
/// </summary>
internal sealed class ActivationSynchronizationContext(GrainActivation activation) : SynchronizationContext
{
    public GrainActivation Activation { get; } = activation;

    public override void Post(SendOrPostCallback d, object? state) => Activation.Post(new WorkItem(d, state));

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Blocking on a grain turn would deadlock the activation; use async code instead.");

    public override SynchronizationContext CreateCopy() => this;
}
