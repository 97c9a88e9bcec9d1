using Coordination.Locks;

namespace Coordination.Grains.Tests.Rules;

public sealed class LockStateMachineTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset T0 = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly LockStateMachine _rules = new(maxQueueLength: 3);

    private LockResult Grant(string owner, DateTimeOffset now)
    {
        var decision = _rules.DecideAcquire(owner, Lease, now);
        Assert.NotNull(decision.Change);
        _rules.Apply(decision.Change);
        return LockStateMachine.Result(decision.Change.Next!, LockOutcome.Acquired);
    }

    [Fact]
    public void A_free_lock_is_granted_with_the_next_token_as_a_change_to_commit()
    {
        var decision = _rules.DecideAcquire("a", Lease, T0);

        Assert.Null(decision.Answer);
        Assert.Equal(OwnershipChangeKind.Grant, decision.Change!.Kind);
        Assert.Equal(new LockHolder("a", 1, T0, T0 + Lease, Lease), decision.Change.Next);
        Assert.Null(_rules.Holder);
        Assert.Equal(0, _rules.LastFencingToken);
    }

    [Fact]
    public void The_holder_reacquiring_keeps_its_token_and_extends_its_lease_without_a_change()
    {
        Grant("a", T0);
        var decision = _rules.DecideAcquire("a", Lease, T0 + TimeSpan.FromSeconds(10));

        Assert.Null(decision.Change);
        Assert.Equal(new LockResult(true, 1, "a", T0 + TimeSpan.FromSeconds(40), LockOutcome.AlreadyHeld), decision.Answer);
    }

    [Fact]
    public void Another_owner_is_refused_with_the_holder_named_and_no_change()
    {
        Grant("a", T0);
        var decision = _rules.DecideAcquire("b", Lease, T0 + TimeSpan.FromSeconds(1));

        Assert.Null(decision.Change);
        Assert.Equal(new LockResult(false, 0, "a", T0 + Lease, LockOutcome.HeldByOther), decision.Answer);
    }

    [Fact]
    public void A_refusal_answered_without_deciding_names_the_current_holder_and_lease()
    {
        Grant("a", T0);

        Assert.Null(_rules.RefusalWhileHeldByOther("a", T0));
        Assert.Equal(new LockResult(false, 0, "a", T0 + Lease, LockOutcome.HeldByOther), _rules.RefusalWhileHeldByOther("b", T0));

        _rules.Renew("a", 1, Lease, T0 + TimeSpan.FromSeconds(10));
        Assert.Equal(new LockResult(false, 0, "a", T0 + TimeSpan.FromSeconds(40), LockOutcome.HeldByOther), _rules.RefusalWhileHeldByOther("b", T0 + TimeSpan.FromSeconds(10)));

        _rules.Apply(_rules.DecideRelease("a", 1, T0 + TimeSpan.FromSeconds(20))!);
        Assert.Null(_rules.RefusalWhileHeldByOther("b", T0 + TimeSpan.FromSeconds(20)));
        Grant("c", T0 + TimeSpan.FromSeconds(20));
        Assert.Equal(new LockResult(false, 0, "c", T0 + TimeSpan.FromSeconds(50), LockOutcome.HeldByOther), _rules.RefusalWhileHeldByOther("b", T0 + TimeSpan.FromSeconds(20)));

        // An ended lease is no refusal: the acquisition is a grant to decide and commit.
        Assert.Null(_rules.RefusalWhileHeldByOther("b", T0 + TimeSpan.FromSeconds(50)));
    }

    [Fact]
    public void An_expired_lock_is_granted_in_one_change_with_the_next_token()
    {
        Grant("a", T0);
        var decision = _rules.DecideAcquire("b", Lease, T0 + Lease);

        Assert.Equal(OwnershipChangeKind.Grant, decision.Change!.Kind);
        Assert.Equal("a", decision.Change.Previous!.Owner);
        Assert.Equal(2, decision.Change.Next!.FencingToken);
    }

    [Fact]
    public void Tokens_keep_increasing_across_release_expiry_and_force_release()
    {
        Grant("a", T0);
        _rules.Apply(_rules.DecideRelease("a", 1, T0)!);
        Assert.Equal(2, Grant("b", T0).FencingToken);
        _rules.Apply(_rules.DueExpiry(T0 + Lease)!);
        Assert.Equal(3, Grant("c", T0 + Lease).FencingToken);
        _rules.Apply(_rules.DecideForceRelease(T0 + Lease)!);
        Assert.Equal(4, Grant("a", T0 + Lease).FencingToken);
    }

    [Theory]
    [InlineData("b", 1)]
    [InlineData("a", 2)]
    public void Release_with_the_wrong_owner_or_token_is_refused(string owner, long token)
    {
        Grant("a", T0);
        Assert.Null(_rules.DecideRelease(owner, token, T0));
    }

    [Fact]
    public void Release_after_the_lease_ended_is_refused()
    {
        Grant("a", T0);
        Assert.Null(_rules.DecideRelease("a", 1, T0 + Lease));
    }

    [Fact]
    public void Renew_extends_the_lease_of_the_current_holder_only()
    {
        Grant("a", T0);
        var renewed = _rules.Renew("a", 1, TimeSpan.FromSeconds(60), T0 + TimeSpan.FromSeconds(20));
        Assert.Equal(new LockResult(true, 1, "a", T0 + TimeSpan.FromSeconds(80), LockOutcome.Renewed), renewed);

        Assert.Equal(LockOutcome.NotHolder, _rules.Renew("b", 1, Lease, T0).Outcome);
        Assert.Equal(LockOutcome.NotHolder, _rules.Renew("a", 2, Lease, T0).Outcome);
        Assert.Equal(LockOutcome.NotHolder, _rules.Renew("a", 1, Lease, T0 + TimeSpan.FromSeconds(80)).Outcome);
    }

    [Fact]
    public void A_renewal_never_shortens_the_lease()
    {
        Grant("a", T0);
        var renewed = _rules.Renew("a", 1, TimeSpan.FromSeconds(5), T0 + TimeSpan.FromSeconds(1));
        Assert.Equal(T0 + Lease, renewed.LeaseExpiresAt);
    }

    [Fact]
    public void Release_hands_the_lock_to_the_head_of_the_queue_in_one_change()
    {
        Grant("a", T0);
        var first = _rules.Enqueue("b", TimeSpan.FromSeconds(10), T0)!;
        _rules.Enqueue("c", Lease, T0);

        var change = _rules.DecideRelease("a", 1, T0 + TimeSpan.FromSeconds(5))!;

        Assert.Same(first, change.Recipient);
        Assert.Equal(new LockHolder("b", 2, T0 + TimeSpan.FromSeconds(5), T0 + TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10)), change.Next);
        _rules.Apply(change);
        Assert.Equal(1, _rules.QueueLength);
        Assert.Equal("c", _rules.Waiters.Single().Owner);
    }

    [Fact]
    public void Expiry_with_waiters_is_a_handoff_that_is_owed_before_any_acquisition()
    {
        Grant("a", T0);
        _rules.Enqueue("b", Lease, T0);

        Assert.Null(_rules.DueHandoff(T0 + TimeSpan.FromSeconds(29)));
        var handoff = _rules.DueHandoff(T0 + Lease);
        Assert.Equal(OwnershipChangeKind.Expiry, handoff!.Kind);
        Assert.Equal("b", handoff.Next!.Owner);
        Assert.Throws<InvalidOperationException>(() => _rules.DecideAcquire("c", Lease, T0 + Lease));
    }

    [Fact]
    public void Expiry_without_waiters_frees_the_lock_for_the_timer_but_keeps_the_token()
    {
        Grant("a", T0);
        Assert.Null(_rules.DueExpiry(T0 + TimeSpan.FromSeconds(29)));
        var expiry = _rules.DueExpiry(T0 + Lease)!;

        Assert.Equal(OwnershipChangeKind.Expiry, expiry.Kind);
        Assert.Null(expiry.Next);
        _rules.Apply(expiry);
        Assert.Equal(new LockStatus(null, 1, null, 0), _rules.Status(T0 + Lease));
    }

    [Fact]
    public void The_queue_is_bounded()
    {
        Grant("a", T0);
        Assert.NotNull(_rules.Enqueue("b", Lease, T0));
        Assert.NotNull(_rules.Enqueue("c", Lease, T0));
        Assert.NotNull(_rules.Enqueue("d", Lease, T0));
        Assert.Null(_rules.Enqueue("e", Lease, T0));
    }

    [Fact]
    public void A_removed_waiter_is_skipped_by_the_next_handoff()
    {
        Grant("a", T0);
        var gone = _rules.Enqueue("b", Lease, T0)!;
        _rules.Enqueue("c", Lease, T0);
        _rules.Remove(gone);

        Assert.Equal("c", _rules.DecideRelease("a", 1, T0)!.Next!.Owner);
    }

    [Fact]
    public void Other_waiters_of_the_new_holder_are_handed_back_when_it_gets_the_lock()
    {
        Grant("a", T0);
        _rules.Enqueue("b", Lease, T0);
        _rules.Enqueue("c", Lease, T0);
        var duplicate = _rules.Enqueue("b", Lease, T0)!;

        var sameOwner = _rules.Apply(_rules.DecideRelease("a", 1, T0)!);

        Assert.Equal([duplicate], sameOwner);
        Assert.Equal(["c"], _rules.Waiters.Select(w => w.Owner));
    }

    [Fact]
    public void Loading_a_stored_holder_grants_it_a_full_lease_from_now_unless_its_stored_lease_is_later()
    {
        var stored = new LockState { Owner = "a", FencingToken = 7, LeaseExpiresAt = T0 + Lease, LeaseDuration = Lease, AcquiredAt = T0 };

        _rules.Load(stored, TimeSpan.FromSeconds(99), T0 + TimeSpan.FromSeconds(20));
        Assert.Equal(T0 + TimeSpan.FromSeconds(50), _rules.Holder!.LeaseExpiresAt);
        Assert.Equal(7, _rules.LastFencingToken);

        var later = new LockStateMachine(3);
        later.Load(stored, TimeSpan.FromSeconds(99), T0 - TimeSpan.FromSeconds(10));
        Assert.Equal(T0 + Lease, later.Holder!.LeaseExpiresAt);
    }

    [Fact]
    public void Loading_a_free_lock_keeps_its_token_and_never_lowers_one_already_seen()
    {
        Grant("a", T0);
        _rules.Load(new LockState { Owner = null, FencingToken = 0 }, Lease, T0);
        Assert.Null(_rules.Holder);
        Assert.Equal(1, _rules.LastFencingToken);
    }

    [Fact]
    public void Force_release_of_a_free_or_expired_lock_is_nothing_to_do()
    {
        Assert.Null(_rules.DecideForceRelease(T0));
        Grant("a", T0);
        Assert.Null(_rules.DecideForceRelease(T0 + Lease));
    }

    [Fact]
    public void The_stored_state_of_a_change_carries_owner_token_lease_nonce_and_silo()
    {
        var change = _rules.DecideAcquire("a", Lease, T0).Change!;
        var stored = _rules.ToStoredState(change, T0, "silo-1", "n1", null);

        Assert.Equal("a", stored.Owner);
        Assert.Equal(1, stored.FencingToken);
        Assert.Equal(T0 + Lease, stored.LeaseExpiresAt);
        Assert.Equal(Lease, stored.LeaseDuration);
        Assert.Equal("silo-1", stored.Silo);
        Assert.Equal("n1", stored.Nonce);
        Assert.Equal(OwnershipChangeKind.Grant, stored.LastChange);
    }
}
