namespace Coordination.Locks;

/// <summary>
/// A first-come first-served gate around "decide, then write" in a lock activation. The activation runs
/// one turn at a time, but an interleaving call (a waiting acquire) may start while another awaits its
/// write; the gate makes every decision see the outcome of the write before it. Used only inside grain
/// turns, so it needs no locking of its own.
/// </summary>
internal sealed class TurnGate
{
    private readonly Queue<TaskCompletionSource> _queue = new();
    private bool _held;

    /// <summary>True when nobody is deciding or writing: what the activation knows is settled.</summary>
    public bool IsFree => !_held;

    public ValueTask<Pass> EnterAsync()
    {
        if (!_held)
        {
            _held = true;
            return new ValueTask<Pass>(new Pass(this));
        }

        var turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Enqueue(turn);
        return WaitAsync(turn.Task);
    }

    private async ValueTask<Pass> WaitAsync(Task turn)
    {
        await turn;
        return new Pass(this);
    }

    private void Exit()
    {
        // The gate passes straight to the next in line, so nobody can overtake it.
        if (_queue.TryDequeue(out var next))
        {
            next.SetResult();
        }
        else
        {
            _held = false;
        }
    }

    public readonly struct Pass(TurnGate gate) : IDisposable
    {
        public void Dispose() => gate.Exit();
    }
}
