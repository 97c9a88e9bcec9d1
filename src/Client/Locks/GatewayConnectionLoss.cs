namespace Coordination.Client;

/// <summary>
/// Tells waiting acquisitions that one of the Orleans client's gateway connections has closed.
/// </summary>
/// <remarks>
/// Orleans keeps a call waiting for its answer after the gateway connection that carried it has closed. The
/// answer cannot come back that way, and Orleans does not fail the call until its response timeout. For a wait
/// in a lock's queue that is up to <see cref="LockClientOptions.MaxWaitPerCall"/> plus
/// <see cref="LockClientOptions.CallTimeout"/>. This happens when a silo stops gracefully: the lock answers its
/// waiters "retry", but the silo can close its client connections before that answer has left. Orleans does not
/// say which gateway was lost, so on any loss every wait in flight is cancelled and sent again. That takes the
/// waiter out of the queue and puts it back at the end, which costs its place only while gateways come and go.
/// </remarks>
internal sealed class GatewayConnectionLoss : IClusterConnectionStatusObserver
{
    private CancellationTokenSource _nextLoss = new();

    /// <summary>Cancelled at the next loss of a gateway connection.</summary>
    public CancellationToken NextLoss => Volatile.Read(ref _nextLoss).Token;

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
    {
        if (currentNumberOfGateways < previousNumberOfGateways)
        {
            Signal();
        }
    }

    public void NotifyClusterConnectionLost() => Signal();

    // Not disposed: a wait may still be linking to its token, and a source without a timer holds nothing to free.
    private void Signal() => Interlocked.Exchange(ref _nextLoss, new CancellationTokenSource()).Cancel();
}
