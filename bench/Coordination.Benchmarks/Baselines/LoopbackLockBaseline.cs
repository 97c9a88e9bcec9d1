namespace Coordination.Benchmarks.Baselines;

/// <summary>
/// The least a lock with a FIFO wait queue needs when its users are across a loopback TCP connection: the
/// frames of <see cref="LoopbackRpcBaseline"/>, and a lock served on the server's read loop, its only thread,
/// as an activation is the lock grain's. An acquire that finds the lock held is answered only when a release
/// hands the lock over; the release answers the head of the queue with the next token at once, then itself.
/// No store, no leases, no runtime: the handoff scenario's grain figures are reported against it.
/// </summary>
internal sealed class LoopbackLockBaseline : IAsyncDisposable
{
    private const int AcquireOp = 1;
    private const int ReleaseOp = 2;
    private const int QueueLengthOp = 3;
    private const int OwnerBits = 8;

    private readonly LoopbackRpcBaseline _rpc;

    private LoopbackLockBaseline(LoopbackRpcBaseline rpc)
    {
        _rpc = rpc;
    }

    public static async Task<LoopbackLockBaseline> StartAsync()
    {
        var table = new LockTable();
        return new LoopbackLockBaseline(await LoopbackRpcBaseline.StartAsync(table.Serve));
    }

    /// <summary>Takes the lock, waiting in the queue while another owner holds it; the new fencing token.</summary>
    public Task<int> AcquireAsync(int owner) => _rpc.PingAsync((AcquireOp << OwnerBits) | owner).AsTask();

    /// <summary>1 when <paramref name="owner"/> held the lock and has released it, else 0.</summary>
    public Task<int> ReleaseAsync(int owner) => _rpc.PingAsync((ReleaseOp << OwnerBits) | owner).AsTask();

    public Task<int> QueueLengthAsync() => _rpc.PingAsync(QueueLengthOp << OwnerBits).AsTask();

    public ValueTask DisposeAsync() => _rpc.DisposeAsync();

    /// <summary>The server's lock; only the server's read loop touches it.</summary>
    private sealed class LockTable
    {
        private readonly Queue<(long Id, int Owner)> _waiting = new();
        private int _holder = -1;
        private int _token;

        public void Serve(long id, int value, Action<long, int> reply)
        {
            var owner = value & ((1 << OwnerBits) - 1);
            switch (value >> OwnerBits)
            {
                case AcquireOp when _holder < 0:
                    _holder = owner;
                    reply(id, ++_token);
                    break;
                case AcquireOp:
                    _waiting.Enqueue((id, owner));
                    break;
                case ReleaseOp when _holder == owner:
                    if (_waiting.TryDequeue(out var next))
                    {
                        _holder = next.Owner;
                        reply(next.Id, ++_token);
                    }
                    else
                    {
                        _holder = -1;
                    }

                    reply(id, 1);
                    break;
                case ReleaseOp:
                    reply(id, 0);
                    break;
                default:
                    reply(id, _waiting.Count);
                    break;
            }
        }
    }
}
