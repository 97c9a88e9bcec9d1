namespace Coordination.Invocation;

/// <summary>The cancellation plumbing of a call that crosses the network with a token that can be cancelled.</summary>
internal sealed class RemoteCallState
{
    /// <summary>On the caller's side: forwards the caller's cancellation to the callee; released when the call completes.</summary>
    public CancellationTokenRegistration CancellationForwarding { get; set; }

    /// <summary>On the callee's side: cancelled when the remote caller cancels; released when the response is sent.</summary>
    public CancellationTokenSource? RemoteCancellation { get; set; }
}
