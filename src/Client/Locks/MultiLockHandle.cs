namespace Coordination.Client;

/// <summary>Several locks taken together; disposing releases them in reverse order.</summary>
public sealed class MultiLockHandle : IAsyncDisposable
{
    private readonly CancellationTokenSource _anyLost;

    internal MultiLockHandle(IReadOnlyList<LockHandle> handles)
    {
        Handles = handles;
        _anyLost = CancellationTokenSource.CreateLinkedTokenSource([.. handles.Select(h => h.HandleLostToken)]);
    }

    /// <summary>The handles, in the canonical (ordinal) order of their keys.</summary>
    public IReadOnlyList<LockHandle> Handles { get; }

    /// <summary>Fires when any of the locks is lost.</summary>
    public CancellationToken HandleLostToken => _anyLost.Token;

    public LockHandle this[string key] => Handles.Single(h => h.Key == key);

    public async ValueTask DisposeAsync()
    {
        for (var i = Handles.Count - 1; i >= 0; i--)
        {
            await Handles[i].DisposeAsync().ConfigureAwait(false);
        }

        _anyLost.Dispose();
    }
}
