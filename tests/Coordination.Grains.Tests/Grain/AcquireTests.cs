using Coordination.Locks;

namespace Coordination.Grains.Tests.Grain;

/// <summary>TryAcquire, Release, Renew, status and force release, with the store writes and reads each one costs.</summary>
public abstract class AcquireTests(LockClusterFixture fixture) : LockSuite(fixture)
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Acquiring_a_free_lock_writes_once_and_returns_the_first_token()
    {
        var key = NewKey();
        var (result, writes) = await Locks.CountWritesAsync(key, () => Locks.Lock(key).TryAcquire("a", Lease));

        Assert.Equal(new LockResult(true, 1, "a", Clock.GetUtcNow() + Lease, LockOutcome.Acquired), result);
        Assert.Equal(1, writes);
        var stored = await Locks.ReadStoredAsync(key);
        Assert.Equal(("a", 1L, OwnershipChangeKind.Grant), (stored.Owner, stored.FencingToken, stored.LastChange));
        Assert.Equal(Clock.GetUtcNow() + Lease, stored.LeaseExpiresAt);
        Assert.NotNull(stored.Nonce);
        Assert.Equal((await Locks.HostOfAsync(key)).Name, stored.Silo);
    }

    [Fact]
    public async Task A_failed_try_an_idempotent_reacquire_a_renewal_and_a_status_never_write()
    {
        var key = NewKey();
        var grain = Locks.Lock(key);
        await grain.TryAcquire("a", Lease);

        var (refused, refusedWrites) = await Locks.CountWritesAsync(key, () => grain.TryAcquire("b", Lease));
        var (again, againWrites) = await Locks.CountWritesAsync(key, () => grain.TryAcquire("a", Lease));
        var (renewed, renewWrites) = await Locks.CountWritesAsync(key, () => grain.Renew("a", 1, Lease));
        var (status, statusWrites) = await Locks.CountWritesAsync(key, () => grain.GetStatus());

        Assert.Equal(new LockResult(false, 0, "a", Clock.GetUtcNow() + Lease, LockOutcome.HeldByOther), refused);
        Assert.Equal(new LockResult(true, 1, "a", Clock.GetUtcNow() + Lease, LockOutcome.AlreadyHeld), again);
        Assert.Equal(new LockResult(true, 1, "a", Clock.GetUtcNow() + Lease, LockOutcome.Renewed), renewed);
        Assert.Equal(new LockStatus("a", 1, Clock.GetUtcNow() + Lease, 0), status);
        Assert.Equal((0L, 0L, 0L, 0L), (refusedWrites, againWrites, renewWrites, statusWrites));
    }

    [Fact]
    public async Task A_refusal_and_a_status_are_answered_from_memory_without_a_read()
    {
        var key = NewKey();
        var grain = Locks.Lock(key);
        await grain.TryAcquire("a", Lease);
        var readsBefore = Locks.Reads(key);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(LockOutcome.HeldByOther, (await grain.TryAcquire($"other-{i}", Lease)).Outcome);
            Assert.Equal("a", (await grain.GetStatus()).Holder);
        }

        Assert.Equal(readsBefore, Locks.Reads(key));
    }

    [Fact]
    public async Task Release_writes_once_and_the_next_owner_gets_the_next_token()
    {
        var key = NewKey();
        var grain = Locks.Lock(key);
        await grain.TryAcquire("a", Lease);

        var (released, writes) = await Locks.CountWritesAsync(key, () => grain.Release("a", 1));

        Assert.True(released);
        Assert.Equal(1, writes);
        Assert.Equal(new LockStatus(null, 1, null, 0), await grain.GetStatus());
        var stored = await Locks.ReadStoredAsync(key);
        Assert.Equal((null, 1L, OwnershipChangeKind.Release), (stored.Owner, stored.FencingToken, stored.LastChange));
        var (next, nextWrites) = await Locks.CountWritesAsync(key, () => grain.TryAcquire("b", Lease));
        Assert.Equal((2L, 1L), (next.FencingToken, nextWrites));
    }

    [Theory]
    [InlineData("b", 1)]
    [InlineData("a", 2)]
    public async Task Release_or_renew_with_a_wrong_owner_or_token_is_refused_without_a_write(string owner, long token)
    {
        var key = NewKey();
        var grain = Locks.Lock(key);
        await grain.TryAcquire("a", Lease);

        var (released, releaseWrites) = await Locks.CountWritesAsync(key, () => grain.Release(owner, token));
        var (renewed, renewWrites) = await Locks.CountWritesAsync(key, () => grain.Renew(owner, token, Lease));

        Assert.False(released);
        Assert.Equal(new LockResult(false, 0, "a", Clock.GetUtcNow() + Lease, LockOutcome.NotHolder), renewed);
        Assert.Equal((0L, 0L), (releaseWrites, renewWrites));
        Assert.Equal(new LockStatus("a", 1, Clock.GetUtcNow() + Lease, 0), await grain.GetStatus());
    }

    [Fact]
    public async Task A_second_release_is_refused_without_a_write()
    {
        var key = NewKey();
        var grain = Locks.Lock(key);
        await grain.TryAcquire("a", Lease);
        Assert.True(await grain.Release("a", 1));

        var (again, writes) = await Locks.CountWritesAsync(key, () => grain.Release("a", 1));

        Assert.False(again);
        Assert.Equal(0, writes);
    }

    [Fact]
    public async Task Force_release_breaks_the_lock_in_one_write_records_the_reason_and_logs_it()
    {
        var key = NewKey();
        var grain = Locks.Lock(key);
        await grain.TryAcquire("a", Lease);

        var (broken, writes) = await Locks.CountWritesAsync(key, () => grain.ForceRelease("stuck job"));

        Assert.True(broken);
        Assert.Equal(1, writes);
        var stored = await Locks.ReadStoredAsync(key);
        Assert.Equal((null, 1L, OwnershipChangeKind.ForceRelease, "stuck job"), (stored.Owner, stored.FencingToken, stored.LastChange, stored.Reason));
        var logged = Assert.Single(Locks.Logs.GetSnapshot(), r => r.Id.Name == "ForceReleased" && r.Message.Contains(key, StringComparison.Ordinal));
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, logged.Level);
        Assert.Equal($"Lock {key} was force-released from a (token 1): stuck job", logged.Message);

        var writesAfterBreak = Locks.Writes(key);
        var (refusedRelease, refusedRenewal, secondBreak) = (await grain.Release("a", 1), await grain.Renew("a", 1, Lease), await grain.ForceRelease("again"));
        Assert.Equal((false, false, false), (refusedRelease, refusedRenewal.Acquired, secondBreak));
        Assert.Equal(writesAfterBreak, Locks.Writes(key));
        Assert.Equal(2, (await grain.TryAcquire("b", Lease)).FencingToken);
    }

    [Fact]
    public async Task Force_release_of_a_free_lock_writes_nothing()
    {
        var key = NewKey();
        var (broken, writes) = await Locks.CountWritesAsync(key, () => Locks.Lock(key).ForceRelease("nothing to break"));

        Assert.False(broken);
        Assert.Equal(0, writes);
    }

    [Fact]
    public async Task Without_a_lease_the_silo_default_applies()
    {
        await using var locks = await Fixture.StartPrivateAsync(spec => spec with { ConfigureLocks = o => o.DefaultLease = TimeSpan.FromSeconds(12) });

        var result = await locks.Lock("k").TryAcquire("a");

        Assert.Equal(locks.Clock.GetUtcNow() + TimeSpan.FromSeconds(12), result.LeaseExpiresAt);
        Assert.Equal(TimeSpan.FromSeconds(12), (await locks.ReadStoredAsync("k")).LeaseDuration);
    }

    [Fact]
    public async Task Tokens_strictly_increase_across_owners_releases_and_activations()
    {
        var key = NewKey();
        var tokens = new List<long>();
        foreach (var owner in new[] { "a", "b", "c" })
        {
            var result = await Locks.Lock(key).TryAcquire(owner, Lease);
            tokens.Add(result.FencingToken);
            Assert.True(await Locks.Lock(key).Release(owner, result.FencingToken));
            await Locks.DeactivateAsync(key);
        }

        Assert.Equal([1, 2, 3], tokens);
        Assert.Equal(new LockStatus(null, 3, null, 0), await Locks.Lock(key).GetStatus());
    }

    [Fact]
    public async Task The_first_call_after_activation_reads_the_store_once_and_no_call_after_it_reads()
    {
        var key = NewKey();
        await Locks.Lock(key).TryAcquire("a", Lease);
        await Locks.DeactivateAsync(key);
        var readsBefore = Locks.Reads(key);

        var (status, writes) = await Locks.CountWritesAsync(key, () => Locks.Lock(key).GetStatus());
        var refused = await Locks.Lock(key).TryAcquire("b", Lease);
        await Locks.Lock(key).GetStatus();

        Assert.Equal(("a", 1L), (status.Holder, status.FencingToken));
        Assert.Equal(LockOutcome.HeldByOther, refused.Outcome);
        Assert.Equal(0, writes);
        Assert.Equal(readsBefore + 1, Locks.Reads(key));
    }

    [Fact]
    public async Task Renew_and_re_acquire_confirm_the_holder_with_one_read_each_and_no_write()
    {
        var key = NewKey();
        var grain = Locks.Lock(key);
        await grain.TryAcquire("a", Lease);
        var readsBefore = Locks.Reads(key);

        var (renewed, renewWrites) = await Locks.CountWritesAsync(key, () => grain.Renew("a", 1, Lease));
        var (again, acquireWrites) = await Locks.CountWritesAsync(key, () => grain.TryAcquire("a", Lease));

        Assert.True(renewed.Acquired);
        Assert.Equal((LockOutcome.AlreadyHeld, 1L), (again.Outcome, again.FencingToken));
        Assert.Equal((0L, 0L), (renewWrites, acquireWrites));
        Assert.Equal(readsBefore + 2, Locks.Reads(key));
    }

    [Fact]
    public async Task A_holder_confirmed_against_a_store_that_changed_behind_the_activation_gets_the_truth()
    {
        var key = NewKey();
        var grain = Locks.Lock(key);
        await grain.TryAcquire("a", Lease);

        // Another activation of the key (two silos briefly disagreeing) released it and granted it to b.
        await Locks.WriteStoredAsync(key, s => (s.Owner, s.FencingToken, s.LeaseExpiresAt, s.LeaseDuration) = ("b", 2, Clock.GetUtcNow() + Lease, Lease));

        var reacquired = await grain.TryAcquire("a", Lease);
        var renewed = await grain.Renew("a", 1, Lease);
        var status = await grain.GetStatus();

        Assert.Equal((false, "b", LockOutcome.HeldByOther), (reacquired.Acquired, reacquired.Holder, reacquired.Outcome));
        Assert.Equal((false, LockOutcome.NotHolder), (renewed.Acquired, renewed.Outcome));
        Assert.Equal(("b", 2L), (status.Holder, status.FencingToken));
        Assert.False(await grain.Release("a", 1));
    }
}
