using System.ComponentModel;
using Coordination.Serialization;

namespace Coordination.Invocation;

/// <summary>
/// One grain call, as a message: a header (target, correlation id, deadline) that the runtime owns, and
/// the method and its arguments, which generated code supplies. On the caller's side the same object is
/// the completion the caller awaits; a local call travels as this object, a remote call as its bytes.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class GrainRequest
{
    private int _completed;

    /// <summary>The grain the call is addressed to.</summary>
    public GrainId Target { get; internal set; }

    /// <summary>Identifies the call among all calls of its sender; responses carry it back.</summary>
    public long CorrelationId { get; internal set; }

    /// <summary>When the call expires, in <see cref="TimeProvider.GetTimestamp"/> units of this process.</summary>
    internal long DeadlineTimestamp { get; set; }

    /// <summary>The deadline as a duration, for messages and for re-basing it in another process.</summary>
    internal TimeSpan Timeout { get; set; }

    /// <summary>How many silos have forwarded this call; bounded so stale views cannot loop it.</summary>
    internal int ForwardCount { get; set; }

    /// <summary>Set on the callee's side of a remote call: where the outcome is sent.</summary>
    internal IResponseSink? ResponseSink { get; set; }

    /// <summary>On the callee's side of a remote call: the caller's correlation id, which the response carries back.</summary>
    internal long InboundCorrelationId { get; set; }

    /// <summary>On the caller's side of a remote call: the connection it went out on, so losing it fails the call at once.</summary>
    internal object? SentOn { get; set; }

    /// <summary>What only a cancellable call that crosses the network needs; null for all others, which stay smaller.</summary>
    internal RemoteCallState? Remote { get; set; }

    /// <summary>The caller-side table that tracks this call until it completes.</summary>
    internal IPendingCallRegistry? PendingRegistry { get; set; }

    // Intrusive links for the pending-call table, so tracking a call allocates nothing.
    internal GrainRequest? PendingPrevious;
    internal GrainRequest? PendingNext;
    internal int PendingShard = -1;

    /// <summary>Cancellation passed by the caller (local calls) or raised by the runtime (remote calls).</summary>
    internal CancellationToken CallCancellationToken { get; set; }

    /// <summary>The full name of the grain interface, for diagnostics.</summary>
    public abstract string InterfaceName { get; }

    /// <summary>The method name, for diagnostics.</summary>
    public abstract string MethodName { get; }

    /// <summary>A stable id of the method within its interface (a hash of its signature).</summary>
    public abstract uint MethodId { get; }

    /// <summary>True when the method is marked <see cref="AlwaysInterleaveAttribute"/>.</summary>
    public virtual bool IsAlwaysInterleave => false;

    /// <summary>True for internal requests (timer ticks) that nobody awaits and no deadline applies to.</summary>
    internal virtual bool IsOneWay => false;

    /// <summary>True once a result, an exception, a timeout or an error has completed the call.</summary>
    public bool IsCompleted => Volatile.Read(ref _completed) != 0;

    /// <summary>The token handed to a grain method that takes a <see cref="CancellationToken"/>.</summary>
    protected CancellationToken CallCancellation => CallCancellationToken;

    /// <summary>
    /// How long the caller waits for an answer, given the configured call timeout. Methods with a
    /// parameter marked <see cref="ExtendsDeadlineAttribute"/> add that parameter's value.
    /// </summary>
    public virtual TimeSpan GetCallTimeout(TimeSpan configuredTimeout) => configuredTimeout;

    /// <summary>Writes the arguments in the grain wire format.</summary>
    public abstract void WriteArguments(ref CodecWriter writer);

    public override string ToString() => $"{InterfaceName}.{MethodName} to {Target} (#{CorrelationId})";

    /// <summary>Runs the method on <paramref name="grain"/> and routes its outcome. Returns what it threw, if anything.</summary>
    internal abstract ValueTask<Exception?> InvokeAsync(object grain);

    /// <summary>
    /// Completes the call with a runtime-side failure (timeout, unavailable silo...), unless already complete:
    /// a local caller's call fails with it, a remote caller is sent it.
    /// </summary>
    internal abstract bool Fail(Exception exception);

    /// <summary>Completes a remote call from its response payload.</summary>
    internal abstract void CompleteFromResult(ref CodecReader reader);

    /// <summary>
    /// Refuses the call without running it (unknown grain type, failed activation, stopping silo...):
    /// a remote caller is sent the error, a local caller's call completes with it.
    /// </summary>
    internal void Reject(Exception exception) => Fail(exception);

    /// <summary>Completes a remote call with the exception it reported.</summary>
    internal void CompleteFromException(ExceptionInfo exception) => Fail(ExceptionConverter.Rebuild(exception));

    /// <summary>Wins the race between a response, a timeout and a failure; only the winner completes.</summary>
    private protected bool TryMarkCompleted()
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0)
        {
            return false;
        }

        PendingRegistry?.Remove(this);
        Remote?.CancellationForwarding.Dispose();
        return true;
    }
}
