using Coordination.Locks;

namespace Coordination.Grains.Tests.Grain;

/// <summary>TryAcquire, Release, Renew, status and force release, with the store writes each one costs.</summary>
public abstract class AcquireTests : LockStoreTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Acquiring_a_free_lock_writes_once_and_returns_the_first_token()
    {
        await using var locks = await StartLocksAsync();
        var (result, writes) = await locks.CountWritesAsync(() => locks.Lock("k").TryAcquire("a", Lease));

        Assert.Equal(new LockResult(true, 1, "a", locks.Clock.GetUtcNow() + Lease, LockOutcome.Acquired), result);
        Assert.Equal(1, writes);
        var stored = (await locks.ReadStoredAsync("k")).State;
        Assert.Equal("a", stored.Owner);
        Assert.Equal(1, stored.FencingToken);
        Assert.NotNull(stored.Nonce);
        Assert.Equal("silo-0", stored.Silo);
    }

    [Fact]
    public async Task A_failed_try_an_idempotent_reacquire_a_renewal_and_a_status_never_write()
    {
        await using var locks = await StartLocksAsync();
        var grain = locks.Lock("k");
        await grain.TryAcquire("a", Lease);

        var (refused, refusedWrites) = await locks.CountWritesAsync(() => grain.TryAcquire("b", Lease));
        var (again, againWrites) = await locks.CountWritesAsync(() => grain.TryAcquire("a", Lease));
        var (renewed, renewWrites) = await locks.CountWritesAsync(() => grain.Renew("a", 1, Lease));
        var (status, statusWrites) = await locks.CountWritesAsync(() => grain.GetStatus());

        Assert.Equal(new LockResult(false, 0, "a", locks.Clock.GetUtcNow() + Lease, LockOutcome.HeldByOther), refused);
        Assert.Equal(LockOutcome.AlreadyHeld, again.Outcome);
        Assert.Equal(1, again.FencingToken);
        Assert.Equal(LockOutcome.Renewed, renewed.Outcome);
        Assert.Equal(new LockStatus("a", 1, locks.Clock.GetUtcNow() + Lease, 0), status);
        Assert.Equal(0, refusedWrites + againWrites + renewWrites + statusWrites);
    }

    [Fact]
    public async Task Release_writes_once_and_the_next_owner_gets_the_next_token()
    {
        await using var locks = await StartLocksAsync();
        var grain = locks.Lock("k");
        await grain.TryAcquire("a", Lease);

        var (released, writes) = await locks.CountWritesAsync(() => grain.Release("a", 1));
        Assert.True(released);
        Assert.Equal(1, writes);
        Assert.Equal(new LockStatus(null, 1, null, 0), await grain.GetStatus());
        Assert.Equal(2, (await grain.TryAcquire("b", Lease)).FencingToken);
    }

    [Theory]
    [InlineData("b", 1)]
    [InlineData("a", 2)]
    public async Task Release_or_renew_with_a_wrong_owner_or_token_is_refused_without_a_write(string owner, long token)
    {
        await using var locks = await StartLocksAsync();
        var grain = locks.Lock("k");
        await grain.TryAcquire("a", Lease);

        var (released, releaseWrites) = await locks.CountWritesAsync(() => grain.Release(owner, token));
        var (renewed, renewWrites) = await locks.CountWritesAsync(() => grain.Renew(owner, token, Lease));

        Assert.False(released);
        Assert.Equal(new LockResult(false, 0, "a", locks.Clock.GetUtcNow() + Lease, LockOutcome.NotHolder), renewed);
        Assert.Equal(0, releaseWrites + renewWrites);
        Assert.Equal("a", (await grain.GetStatus()).Holder);
    }

    [Fact]
    public async Task A_second_release_is_refused()
    {
        await using var locks = await StartLocksAsync();
        var grain = locks.Lock("k");
        await grain.TryAcquire("a", Lease);
        Assert.True(await grain.Release("a", 1));
        Assert.False(await grain.Release("a", 1));
    }

    [Fact]
    public async Task Force_release_breaks_the_lock_in_one_write_and_records_the_reason()
    {
        await using var locks = await StartLocksAsync();
        var grain = locks.Lock("k");
        await grain.TryAcquire("a", Lease);

        var (broken, writes) = await locks.CountWritesAsync(() => grain.ForceRelease("stuck job"));

        Assert.True(broken);
        Assert.Equal(1, writes);
        var stored = (await locks.ReadStoredAsync("k")).State;
        Assert.Null(stored.Owner);
        Assert.Equal(OwnershipChangeKind.ForceRelease, stored.LastChange);
        Assert.Equal("stuck job", stored.Reason);
        Assert.False(await grain.Release("a", 1));
        Assert.False((await grain.Renew("a", 1, Lease)).Acquired);
        Assert.False(await grain.ForceRelease("again"));
    }

    [Fact]
    public async Task Without_a_lease_the_silo_default_applies()
    {
        await using var locks = await StartLocksAsync(o => o.DefaultLease = TimeSpan.FromSeconds(12));
        var result = await locks.Lock("k").TryAcquire("a");
        Assert.Equal(locks.Clock.GetUtcNow() + TimeSpan.FromSeconds(12), result.LeaseExpiresAt);
    }

    [Fact]
    public async Task Tokens_strictly_increase_across_owners_releases_and_silo_restarts()
    {
        await using var locks = await StartLocksAsync();
        var tokens = new List<long>();
        foreach (var owner in new[] { "a", "b", "c" })
        {
            var result = await locks.Lock("k").TryAcquire(owner, Lease);
            tokens.Add(result.FencingToken);
            Assert.True(await locks.Lock("k").Release(owner, result.FencingToken));
            await locks.RestartAsync();
        }

        Assert.Equal([1, 2, 3], tokens);
        Assert.Equal(new LockStatus(null, 3, null, 0), await locks.Lock("k").GetStatus());
    }

    [Fact]
    public async Task The_first_call_after_activation_reads_the_store_once()
    {
        await using var locks = await StartLocksAsync();
        await locks.Lock("k").TryAcquire("a", Lease);
        await locks.RestartAsync();

        var (status, writes) = await locks.CountWritesAsync(() => locks.Lock("k").GetStatus());
        await locks.Lock("k").TryAcquire("b", Lease);
        await locks.Lock("k").GetStatus();

        Assert.Equal("a", status.Holder);
        Assert.Equal(0, writes);
        Assert.Equal(1, locks.Reads);
    }

    [Fact]
    public async Task Renew_and_re_acquire_confirm_the_holder_with_one_read_and_no_write()
    {
        await using var locks = await StartLocksAsync();
        var grain = locks.Lock("k");
        await grain.TryAcquire("a", Lease);
        var readsBefore = locks.Reads;

        var (renewed, renewWrites) = await locks.CountWritesAsync(() => grain.Renew("a", 1, Lease));
        var (again, acquireWrites) = await locks.CountWritesAsync(() => grain.TryAcquire("a", Lease));

        Assert.True(renewed.Acquired);
        Assert.Equal((LockOutcome.AlreadyHeld, 1L), (again.Outcome, again.FencingToken));
        Assert.Equal((0L, 0L), (renewWrites, acquireWrites));
        Assert.Equal(readsBefore + 2, locks.Reads);
    }

    [Fact]
    public async Task A_holder_confirmed_against_a_store_that_changed_behind_the_activation_gets_the_truth()
    {
        await using var locks = await StartLocksAsync();
        var grain = locks.Lock("k");
        await grain.TryAcquire("a", Lease);

        // Another activation of the key (two silos briefly disagreeing) released it and granted it to b.
        await locks.WriteStoredAsync("k", s => (s.Owner, s.FencingToken) = ("b", 2));

        var reacquired = await grain.TryAcquire("a", Lease);
        var renewed = await grain.Renew("a", 1, Lease);

        Assert.Equal((false, "b", LockOutcome.HeldByOther), (reacquired.Acquired, reacquired.Holder, reacquired.Outcome));
        Assert.False(renewed.Acquired);
        Assert.Equal(("b", 2L), ((await grain.GetStatus()).Holder, (await grain.GetStatus()).FencingToken));
    }
}
