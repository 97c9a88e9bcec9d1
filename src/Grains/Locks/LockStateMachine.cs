namespace Coordination.Locks;

/// <summary>
/// The lock rules, with no I/O: who holds the lock, who waits, and what each operation means. Operations
/// that change the owner return an <see cref="OwnershipChange"/>, which the caller commits to the store
/// and then <see cref="Apply"/>s; nothing else changes ownership. Renewals, refusals and queueing are
/// answered here directly and never need a write.
/// </summary>
/// <remarks>
/// A holder whose lease has ended is treated as gone by every decision. Taking an expired lock is a
/// single <see cref="OwnershipChangeKind.Grant"/>; the separate <see cref="OwnershipChangeKind.Expiry"/>
/// is only for the timer, when nobody takes the lock first.
/// </remarks>
public sealed class LockStateMachine(int maxQueueLength)
{
    private readonly LinkedList<LockWaiter> _waiters = new();
    private LockHolder? _refusedFor;
    private LockResult? _heldByOther;

    /// <summary>The holder as last committed (possibly with an ended lease).</summary>
    public LockHolder? Holder { get; private set; }

    /// <summary>The last fencing token issued; the next grant gets one more.</summary>
    public long LastFencingToken { get; private set; }

    public int QueueLength => _waiters.Count;

    public IEnumerable<LockWaiter> Waiters => _waiters;

    /// <summary>True while someone holds or waits for the lock: the activation must stay alive.</summary>
    public bool NeedsActivation => Holder is not null || _waiters.Count > 0;

    /// <summary>
    /// Adopts the stored state, for a new activation or after a write lost a race. Renewals are never
    /// stored, so the stored holder gets a full lease from now unless its stored lease ends later: that may
    /// delay a takeover, but never cuts a holder's lease short. Queued waiters are kept.
    /// </summary>
    public void Load(LockState stored, TimeSpan defaultLease, DateTimeOffset now)
    {
        LastFencingToken = Math.Max(LastFencingToken, stored.FencingToken);
        if (stored.Owner is null)
        {
            Holder = null;
            return;
        }

        var lease = stored.LeaseDuration is { } duration && duration > TimeSpan.Zero ? duration : defaultLease;
        var graceEnd = now + lease;
        var expiresAt = stored.LeaseExpiresAt is { } storedEnd && storedEnd > graceEnd ? storedEnd : graceEnd;
        Holder = new LockHolder(stored.Owner, stored.FencingToken, stored.AcquiredAt ?? now, expiresAt, lease);
    }

    /// <summary>The holder if its lease is running at <paramref name="now"/>.</summary>
    public LockHolder? LiveHolder(DateTimeOffset now) => Holder is { } holder && holder.IsLiveAt(now) ? holder : null;

    /// <summary>
    /// A handoff that is owed: nobody holds a live lease but callers are queued. It must be committed before
    /// any acquisition is decided, so the queue keeps its order.
    /// </summary>
    public OwnershipChange? DueHandoff(DateTimeOffset now) =>
        LiveHolder(now) is null && FirstWaiter() is not null
            ? PassOn(Holder is null ? OwnershipChangeKind.Release : OwnershipChangeKind.Expiry, now)
            : null;

    /// <summary>For the lease timer: a handoff if one is owed, else marking an ended lease as free.</summary>
    public OwnershipChange? DueExpiry(DateTimeOffset now) =>
        DueHandoff(now) ?? (Holder is { } holder && !holder.IsLiveAt(now) ? PassOn(OwnershipChangeKind.Expiry, now) : null);

    /// <summary>
    /// Decides an acquisition by <paramref name="owner"/>. A free (or ended) lock is granted with the next
    /// token; the holder re-acquiring keeps its token and gets its lease extended in memory; anyone else is
    /// refused with the holder named.
    /// </summary>
    /// <exception cref="InvalidOperationException">A handoff is owed; commit <see cref="DueHandoff"/> first.</exception>
    public AcquireDecision DecideAcquire(string owner, TimeSpan lease, DateTimeOffset now)
    {
        if (DueHandoff(now) is not null)
        {
            throw new InvalidOperationException("A handoff to a queued waiter is owed; commit it before deciding an acquisition.");
        }

        if (LiveHolder(now) is not { } holder)
        {
            var next = new LockHolder(owner, LastFencingToken + 1, now, now + lease, lease);
            return new AcquireDecision(new OwnershipChange(OwnershipChangeKind.Grant, Holder, next, null), null);
        }

        if (holder.Owner == owner)
        {
            Holder = Extend(holder, lease, now);
            return new AcquireDecision(null, Result(Holder, LockOutcome.AlreadyHeld));
        }

        return new AcquireDecision(null, HeldByOther(holder));
    }

    /// <summary>
    /// The answer to an acquisition by <paramref name="owner"/> while another owner holds a live lease: refused,
    /// naming the holder, with nothing to write or change. Null when the acquisition needs deciding.
    /// </summary>
    public LockResult? RefusalWhileHeldByOther(string owner, DateTimeOffset now) =>
        LiveHolder(now) is { } holder && holder.Owner != owner ? HeldByOther(holder) : null;

    /// <summary>Extends the lease of the holder, if <paramref name="owner"/> and <paramref name="fencingToken"/> are current and the lease is running.</summary>
    public LockResult Renew(string owner, long fencingToken, TimeSpan lease, DateTimeOffset now)
    {
        if (LiveHolder(now) is { } holder && holder.Owner == owner && holder.FencingToken == fencingToken)
        {
            Holder = Extend(holder, lease, now);
            return Result(Holder, LockOutcome.Renewed);
        }

        return Refusal(LiveHolder(now), LockOutcome.NotHolder);
    }

    /// <summary>A release by the live holder with its current token passes the lock on; anything else is refused (null).</summary>
    public OwnershipChange? DecideRelease(string owner, long fencingToken, DateTimeOffset now) =>
        LiveHolder(now) is { } holder && holder.Owner == owner && holder.FencingToken == fencingToken
            ? PassOn(OwnershipChangeKind.Release, now)
            : null;

    /// <summary>Breaks a live holder's lock, passing it on; null when nobody holds it.</summary>
    public OwnershipChange? DecideForceRelease(DateTimeOffset now) =>
        LiveHolder(now) is null ? null : PassOn(OwnershipChangeKind.ForceRelease, now);

    /// <summary>Queues a caller; null when the queue is full.</summary>
    public LockWaiter? Enqueue(string owner, TimeSpan lease, DateTimeOffset now)
    {
        if (_waiters.Count >= maxQueueLength)
        {
            return null;
        }

        var waiter = new LockWaiter(owner, lease, now);
        waiter.Node = _waiters.AddLast(waiter);
        return waiter;
    }

    /// <summary>Takes a waiter out of the queue (it timed out, was cancelled, or was served).</summary>
    public void Remove(LockWaiter waiter)
    {
        if (waiter.Node is { } node)
        {
            _waiters.Remove(node);
            waiter.Node = null;
        }
    }

    /// <summary>Takes every waiter out of the queue, for an activation that can no longer serve them.</summary>
    public IReadOnlyList<LockWaiter> RemoveAllWaiters()
    {
        var all = _waiters.ToList();
        foreach (var waiter in all)
        {
            Remove(waiter);
        }

        return all;
    }

    /// <summary>
    /// Makes a committed change current. Returns the other waiters of the new holder, which hold the lock
    /// now too and should be answered with it.
    /// </summary>
    public IReadOnlyList<LockWaiter> Apply(OwnershipChange change)
    {
        Holder = change.Next;
        if (change.Next is { } next)
        {
            LastFencingToken = Math.Max(LastFencingToken, next.FencingToken);
        }

        if (change.Recipient is { } recipient)
        {
            Remove(recipient);
        }

        if (change.Next is null)
        {
            return [];
        }

        var sameOwner = _waiters.Where(w => w.Owner == change.Next.Owner).ToList();
        foreach (var waiter in sameOwner)
        {
            Remove(waiter);
        }

        return sameOwner;
    }

    /// <summary>The document to write for <paramref name="change"/>.</summary>
    public LockState ToStoredState(OwnershipChange change, DateTimeOffset now, string silo, string nonce, string? reason) => new()
    {
        Owner = change.Next?.Owner,
        FencingToken = change.Next?.FencingToken ?? LastFencingToken,
        LeaseExpiresAt = change.Next?.LeaseExpiresAt,
        LeaseDuration = change.Next?.LeaseDuration,
        AcquiredAt = change.Next?.AcquiredAt,
        Silo = silo,
        Nonce = nonce,
        LastChange = change.Kind,
        Reason = reason,
        ChangedAt = now,
    };

    public LockStatus Status(DateTimeOffset now) => LiveHolder(now) is { } holder
        ? new LockStatus(holder.Owner, holder.FencingToken, holder.LeaseExpiresAt, _waiters.Count)
        : new LockStatus(null, LastFencingToken, null, _waiters.Count);

    /// <summary>The answer for a holder that has the lock.</summary>
    public static LockResult Result(LockHolder holder, LockOutcome outcome) =>
        new(true, holder.FencingToken, holder.Owner, holder.LeaseExpiresAt, outcome);

    /// <summary>The answer for a caller that does not have the lock, naming whoever does.</summary>
    public static LockResult Refusal(LockHolder? holder, LockOutcome outcome) =>
        new(false, 0, holder?.Owner, holder?.LeaseExpiresAt, outcome);

    // Refusals repeat while one holder keeps the lock; the answer is immutable, so one instance serves them all.
    private LockResult HeldByOther(LockHolder holder)
    {
        if (!ReferenceEquals(_refusedFor, holder))
        {
            _heldByOther = Refusal(holder, LockOutcome.HeldByOther);
            _refusedFor = holder;
        }

        return _heldByOther!;
    }

    private OwnershipChange PassOn(OwnershipChangeKind kind, DateTimeOffset now)
    {
        if (FirstWaiter() is not { } waiter)
        {
            return new OwnershipChange(kind, Holder, null, null);
        }

        var next = new LockHolder(waiter.Owner, LastFencingToken + 1, now, now + waiter.Lease, waiter.Lease);
        return new OwnershipChange(kind, Holder, next, waiter);
    }

    private LockWaiter? FirstWaiter() => _waiters.First?.Value;

    // Never shortens a lease: a shorter renewal must not cut into time the holder was already promised.
    private static LockHolder Extend(LockHolder holder, TimeSpan lease, DateTimeOffset now) =>
        holder with { LeaseExpiresAt = now + lease > holder.LeaseExpiresAt ? now + lease : holder.LeaseExpiresAt, LeaseDuration = lease };
}

/// <summary>An acquisition decision: a change to commit, or an immediate answer.</summary>
public readonly record struct AcquireDecision(OwnershipChange? Change, LockResult? Answer);
