namespace Coordination.Persistence.Elasticsearch;

/// <summary>
/// A set-up that must have succeeded once before its owner does anything else. The first caller starts it,
/// concurrent callers share that attempt, and after a failure the next caller starts a new one, so a
/// cluster that was down at start-up is prepared as soon as it is back.
/// </summary>
/// <param name="initialize">
/// The set-up. It gets no caller's token: it is shared, and one caller giving up must not fail it for the
/// others. Each caller's token only bounds its own wait.
/// </param>
internal sealed class RetryingInitialization(Func<Task> initialize)
{
    private readonly object _gate = new();
    private Task? _attempt;

    public Task EnsureAsync(CancellationToken cancellationToken)
    {
        Task attempt;
        lock (_gate)
        {
            if (_attempt is null || _attempt.IsFaulted || _attempt.IsCanceled)
            {
                _attempt = initialize();
            }

            attempt = _attempt;
        }

        return attempt.IsCompletedSuccessfully ? Task.CompletedTask : attempt.WaitAsync(cancellationToken);
    }
}
