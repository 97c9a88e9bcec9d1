namespace Coordination.Locks;

/// <summary>
/// A caller queued in <see cref="ILockGrain.Acquire(string, TimeSpan, TimeSpan?)"/>. Its completion is set
/// when a handoff to it commits, or when the activation can no longer serve it.
/// </summary>
public sealed class LockWaiter
{
    internal LockWaiter(string owner, TimeSpan lease, DateTimeOffset enqueuedAt)
    {
        Owner = owner;
        Lease = lease;
        EnqueuedAt = enqueuedAt;
    }

    public string Owner { get; }

    public TimeSpan Lease { get; }

    public DateTimeOffset EnqueuedAt { get; }

    /// <summary>Completed with the caller's answer.</summary>
    public TaskCompletionSource<LockResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>True while a handoff to this waiter is being written: its outcome must be awaited, not guessed.</summary>
    public bool HandoffInFlight { get; internal set; }

    /// <summary>
    /// Set when the caller stopped waiting (timeout, cancellation, deactivation) while a handoff to it was
    /// being written; if that write does not land, the caller gets this instead. Null means "timed out".
    /// </summary>
    internal Exception? AbandonedWith { get; private set; }

    internal bool Abandoned { get; private set; }

    internal void Abandon(Exception? error)
    {
        Abandoned = true;
        AbandonedWith = error;
    }

    /// <summary>Answers a caller that stopped waiting and did not get the lock.</summary>
    internal void CompleteAbandoned(LockHolder? currentHolder)
    {
        if (AbandonedWith is { } error)
        {
            Completion.TrySetException(error);
        }
        else
        {
            Completion.TrySetResult(LockStateMachine.Refusal(currentHolder, LockOutcome.WaitTimedOut));
        }
    }

    internal LinkedListNode<LockWaiter>? Node { get; set; }
}
