namespace Coordination.Invocation;

/// <summary>The parts of a call's header that only a call crossing the network has.</summary>
internal sealed class RemoteCallState
{
    /// <summary>On the callee's side: the caller's correlation id, which the response carries back.</summary>
    public long InboundCorrelationId { get; set; }

    /// <summary>On the caller's side: the connection it went out on, so losing it fails the call at once.</summary>
    public object? SentOn { get; set; }

    /// <summary>On the caller's side: forwards the caller's cancellation to the callee; released when the call completes.</summary>
    public CancellationTokenRegistration CancellationForwarding { get; set; }

    /// <summary>On the callee's side: cancelled when the remote caller cancels; released when the response is sent.</summary>
    public CancellationTokenSource? RemoteCancellation { get; set; }
}
