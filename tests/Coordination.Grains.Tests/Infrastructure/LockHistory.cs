namespace Coordination.Grains.Tests;

/// <summary>
/// Every grant and release of a concurrency test, recorded in one global order with the real time. A holder's
/// recorded interval (after its grant was confirmed, before it sent its release) lies inside its real holding
/// interval, so two recorded intervals that overlap prove a double grant, unless the earlier holder's lease
/// had already ended, which is the lease contract working as designed.
/// </summary>
internal sealed class LockHistory
{
    private readonly object _gate = new();
    private readonly List<Event> _events = [];
    private readonly List<(int Count, TaskCompletionSource Reached)> _milestones = [];
    private readonly HashSet<(string Key, string Owner, long Token)> _mayStillHold = [];

    public int GrantCount
    {
        get
        {
            lock (_gate)
            {
                return _events.Count(e => e.Grant);
            }
        }
    }

    public void Granted(string key, string owner, long token, DateTimeOffset? leaseExpiresAt = null) => Record(key, owner, token, leaseExpiresAt, grant: true);

    public void Releasing(string key, string owner, long token) => Record(key, owner, token, null, grant: false);

    /// <summary>
    /// The release recorded last for this grant may not have happened (its call ended with an unknown outcome),
    /// so the owner may still hold the lock: being told "already held" with the same token later is no double grant.
    /// </summary>
    public void ReleaseUnknown(string key, string owner, long token)
    {
        lock (_gate)
        {
            _mayStillHold.Add((key, owner, token));
        }
    }

    /// <summary>Completes once <paramref name="count"/> grants have been recorded: a signal for injecting faults mid-run.</summary>
    public Task GrantsRecorded(int count)
    {
        lock (_gate)
        {
            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _milestones.Add((count, reached));
            CheckMilestones();
            return reached.Task;
        }
    }

    public long LastToken(string key)
    {
        lock (_gate)
        {
            return _events.Where(e => e.Key == key && e.Grant).Select(e => e.Token).DefaultIfEmpty(0).Max();
        }
    }

    public void AssertConsistent()
    {
        List<Event> events;
        lock (_gate)
        {
            events = [.. _events];
        }

        foreach (var perKey in events.GroupBy(e => e.Key))
        {
            var key = perKey.Key;
            Event? holder = null;
            long lastToken = 0;
            foreach (var e in perKey)
            {
                if (e.Grant && e.LeaseExpiresAt is { } lapsed && lapsed <= e.At)
                {
                    // Its answer arrived after its lease had ended (a loaded machine, a short lease): the caller, who
                    // measures its lease from when it asked, never held the lock, and a later token may already have
                    // been granted and recorded before this late answer.
                    continue;
                }

                if (e.Grant && holder is null && e.Token == lastToken && _mayStillHold.Contains((key, e.Owner, e.Token)))
                {
                    // The owner still held the grant whose release had an unknown outcome, and was told so.
                    holder = e;
                }
                else if (e.Grant)
                {
                    Assert.True(
                        holder is null || holder.LeaseExpiresAt is { } ended && e.At >= ended,
                        $"{key}: {e.Owner} was granted token {e.Token} at {e.At:O} while {holder?.Owner} still held token {holder?.Token} (lease to {holder?.LeaseExpiresAt:O}).");
                    Assert.True(e.Token > lastToken, $"{key}: token {e.Token} did not increase past {lastToken}.");
                    holder = e;
                    lastToken = e.Token;
                }
                else if (holder is not null && (holder.Owner, holder.Token) == (e.Owner, e.Token))
                {
                    holder = null;
                }
                else
                {
                    // Releasing a grant that a later one superseded after its lease ended.
                    Assert.Contains(perKey, g => g.Grant && (g.Owner, g.Token) == (e.Owner, e.Token) && g.Sequence < e.Sequence);
                }
            }
        }
    }

    private void Record(string key, string owner, long token, DateTimeOffset? leaseExpiresAt, bool grant)
    {
        lock (_gate)
        {
            _events.Add(new Event(_events.Count, TimeProvider.System.GetUtcNow(), key, owner, token, leaseExpiresAt, grant));
            CheckMilestones();
        }
    }

    private void CheckMilestones()
    {
        var grants = _events.Count(e => e.Grant);
        foreach (var (count, reached) in _milestones.Where(m => grants >= m.Count))
        {
            reached.TrySetResult();
        }
    }

    private sealed record Event(int Sequence, DateTimeOffset At, string Key, string Owner, long Token, DateTimeOffset? LeaseExpiresAt, bool Grant);
}
