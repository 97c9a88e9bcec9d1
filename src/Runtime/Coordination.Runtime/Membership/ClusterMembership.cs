namespace Coordination.Runtime.Membership;

/// <summary>
/// This silo's current view of the cluster. Views only move forward (by table version); every new view is
/// announced to the components that react to membership: placement, the catalog, connections.
/// </summary>
public sealed class ClusterMembership
{
    private readonly object _gate = new();
    private readonly List<Action<MembershipView, MembershipView>> _subscribers = [];
    private volatile MembershipView _current = MembershipView.Empty;
    private TaskCompletionSource _nextChange = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public MembershipView Current => _current;

    /// <summary>Completes at the next view change; for waiting on the cluster without polling.</summary>
    public Task NextChange
    {
        get
        {
            lock (_gate)
            {
                return _nextChange.Task;
            }
        }
    }

    /// <summary>Calls <paramref name="onChange"/>(previous, current) after every view change.</summary>
    public void Subscribe(Action<MembershipView, MembershipView> onChange)
    {
        lock (_gate)
        {
            _subscribers.Add(onChange);
        }
    }

    /// <summary>Adopts the table if it is newer than the current view; true when the view changed.</summary>
    public bool Update(MembershipTableData data)
    {
        MembershipView previous;
        MembershipView current;
        Action<MembershipView, MembershipView>[] subscribers;
        TaskCompletionSource changed;
        lock (_gate)
        {
            if (data.Version <= _current.Version && _current != MembershipView.Empty)
            {
                return false;
            }

            previous = _current;
            current = new MembershipView(data);
            _current = current;
            subscribers = [.. _subscribers];
            changed = _nextChange;
            _nextChange = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        foreach (var subscriber in subscribers)
        {
            subscriber(previous, current);
        }

        changed.TrySetResult();
        return true;
    }
}
