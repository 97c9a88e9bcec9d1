using Coordination.Client;
using Coordination.Locks;

namespace Coordination.Grains.Tests.Client;

public abstract class LockHandleTests : LockStoreTests
{
    private static readonly LockClientOptions ThreeSecondLease = new() { Lease = TimeSpan.FromSeconds(3) };

    [Fact]
    public async Task A_handle_renews_in_the_background_and_keeps_the_lock_for_several_lease_periods()
    {
        await using var locks = await StartLocksAsync();
        await using var handle = await locks.Locks(ThreeSecondLease).TryAcquireAsync("k");
        Assert.NotNull(handle);
        var writesAfterGrant = locks.Writes;

        for (var i = 0; i < 10; i++)
        {
            var renewal = handle.NextRenewalAsync();
            locks.Clock.Advance(TimeSpan.FromSeconds(1));
            await renewal.WaitAsync(TimeSpan.FromSeconds(30));
        }

        Assert.False(handle.IsLost);
        Assert.Equal(new LockStatus(handle.Owner, handle.FencingToken, locks.Clock.GetUtcNow() + TimeSpan.FromSeconds(3), 0), await locks.Lock("k").GetStatus());
        Assert.Equal(writesAfterGrant, locks.Writes);
    }

    [Fact]
    public async Task HandleLostToken_fires_when_a_renewal_is_refused_after_a_force_release()
    {
        await using var locks = await StartLocksAsync();
        await using var handle = await locks.Locks(ThreeSecondLease).AcquireAsync("k", TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.False(handle.HandleLostToken.IsCancellationRequested);

        Assert.True(await locks.Lock("k").ForceRelease("operator"));
        var renewal = handle.NextRenewalAsync();
        locks.Clock.Advance(TimeSpan.FromSeconds(1));
        await renewal.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(handle.HandleLostToken.IsCancellationRequested);
        Assert.True(handle.IsLost);
    }

    [Fact]
    public async Task Disposing_releases_the_lock_once()
    {
        await using var locks = await StartLocksAsync();
        var handle = await locks.Locks().TryAcquireAsync("k");
        Assert.NotNull(handle);
        Assert.Equal(handle.Owner, (await locks.Lock("k").GetStatus()).Holder);

        await handle.DisposeAsync();
        var writesAfterRelease = locks.Writes;
        await handle.DisposeAsync();

        Assert.Null((await locks.Lock("k").GetStatus()).Holder);
        Assert.Equal(writesAfterRelease, locks.Writes);
        Assert.False(await handle.ReleaseAsync());
    }

    [Fact]
    public async Task TryAcquire_returns_null_when_the_lock_is_held_and_every_handle_has_its_own_owner()
    {
        await using var locks = await StartLocksAsync();
        var lockOnKey = locks.Locks().CreateLock("k");
        await using var first = await lockOnKey.TryAcquireAsync();
        Assert.NotNull(first);

        Assert.Null(await lockOnKey.TryAcquireAsync());
        Assert.StartsWith($"{Environment.MachineName}/{Environment.ProcessId}/", first.Owner, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_explicit_owner_is_used_as_given()
    {
        await using var locks = await StartLocksAsync();
        await using var handle = await locks.Locks().CreateLock("k", "worker-7").AcquireAsync(TimeSpan.Zero, TestContext.Current.CancellationToken);
        Assert.Equal("worker-7", handle.Owner);
        Assert.Equal("worker-7", (await locks.Lock("k").GetStatus()).Holder);
    }

    [Fact]
    public async Task Acquire_waits_for_a_release_and_throws_TimeoutException_when_the_wait_runs_out()
    {
        await using var locks = await StartLocksAsync();
        var provider = locks.Locks();
        var holder = await provider.AcquireAsync("k", TimeSpan.Zero, TestContext.Current.CancellationToken);

        var waiting = provider.AcquireAsync("k", TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken).AsTask();
        await WaitForQueueLengthAsync(locks, "k", 1);
        await holder.DisposeAsync();
        await using (var next = await waiting.Within())
        {
            Assert.Equal(holder.FencingToken + 1, next.FencingToken);

            var timingOut = provider.AcquireAsync("k", TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken).AsTask();
            await WaitForQueueLengthAsync(locks, "k", 1);
            locks.Clock.Advance(TimeSpan.FromSeconds(10));
            var error = await Assert.ThrowsAsync<TimeoutException>(() => timingOut.Within());
            Assert.Contains("k", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Cancelling_a_waiting_acquire_leaves_the_queue()
    {
        await using var locks = await StartLocksAsync();
        var provider = locks.Locks();
        await using var holder = await provider.AcquireAsync("k", TimeSpan.Zero, TestContext.Current.CancellationToken);
        using var cancellation = new CancellationTokenSource();

        var waiting = provider.AcquireAsync("k", null, cancellation.Token).AsTask();
        await WaitForQueueLengthAsync(locks, "k", 1);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.Within());
        Assert.Equal(0, (await locks.Lock("k").GetStatus()).QueueLength);
    }

    [Fact]
    public async Task Bad_client_input_is_refused_with_the_parameter_named()
    {
        await using var locks = await StartLocksAsync();
        Assert.Equal("key", Assert.ThrowsAny<ArgumentException>(() => locks.Locks().CreateLock("")).ParamName);
        Assert.Equal("owner", Assert.ThrowsAny<ArgumentException>(() => locks.Locks().CreateLock("k", new string('x', 300))).ParamName);
        Assert.Equal("Lease", Assert.Throws<ArgumentOutOfRangeException>(() => locks.Locks(new LockClientOptions { Lease = TimeSpan.Zero })).ParamName);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => locks.Locks().TryAcquireAsync("k", TimeSpan.FromSeconds(-2)).AsTask());
    }

    /// <summary>The queue length is answered by an interleaving call, so this observes the grain without waiting on time.</summary>
    internal static async Task WaitForQueueLengthAsync(LockCluster locks, string key, int length)
    {
        for (var attempt = 0; attempt < 10_000; attempt++)
        {
            if ((await locks.Lock(key).GetStatus()).QueueLength == length)
            {
                return;
            }

            await Task.Yield();
        }

        throw new InvalidOperationException($"The queue of {key} never reached {length}.");
    }
}
