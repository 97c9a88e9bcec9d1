using Coordination.Client;
using Coordination.Locks;

namespace Coordination.Grains.Tests.Client;

/// <summary>The client library's lock handles (<see cref="CoordinationLockProvider"/>) on the test cluster, with the handle's clock the grains' clock.</summary>
public abstract class LockHandleTests(LockClusterFixture fixture) : LockSuite(fixture)
{
    private static readonly LockClientOptions ThreeSecondLease = new() { Lease = TimeSpan.FromSeconds(3) };

    private CoordinationLockProvider Provider(LockClientOptions? options = null) => new(Locks.GrainFactory, options, Clock);

    [Fact]
    public async Task A_handle_renews_in_the_background_and_keeps_the_lock_for_several_lease_periods_without_writing()
    {
        var key = NewKey();
        await using var handle = await Provider(ThreeSecondLease).TryAcquireAsync(key, cancellationToken: TestContext.Current.CancellationToken);
        Assert.NotNull(handle);
        var writesAfterGrant = Locks.Writes(key);

        for (var i = 0; i < 10; i++)
        {
            var renewal = handle.NextRenewalAsync();
            Clock.Advance(TimeSpan.FromSeconds(1));
            await renewal.Within();
        }

        Assert.False(handle.IsLost);
        Assert.Equal(new LockStatus(handle.Owner, handle.FencingToken, Clock.GetUtcNow() + TimeSpan.FromSeconds(3), 0), await Locks.Lock(key).GetStatus());
        Assert.Equal(writesAfterGrant, Locks.Writes(key));
    }

    [Fact]
    public async Task HandleLostToken_fires_when_a_renewal_is_refused_after_a_force_release()
    {
        var key = NewKey();
        await using var handle = await Provider(ThreeSecondLease).AcquireAsync(key, TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.False(handle.HandleLostToken.IsCancellationRequested);

        Assert.True(await Locks.Lock(key).ForceRelease("operator"));
        var renewal = handle.NextRenewalAsync();
        Clock.Advance(TimeSpan.FromSeconds(1));
        await renewal.Within();

        Assert.True(handle.HandleLostToken.IsCancellationRequested);
        Assert.True(handle.IsLost);
        Assert.False(await handle.ReleaseAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Disposing_releases_the_lock_once_in_one_write()
    {
        var key = NewKey();
        var handle = await Provider().TryAcquireAsync(key, cancellationToken: TestContext.Current.CancellationToken);
        Assert.NotNull(handle);
        Assert.Equal((handle.Owner, handle.FencingToken), ((await Locks.Lock(key).GetStatus()).Holder, (await Locks.Lock(key).GetStatus()).FencingToken));
        var writesBefore = Locks.Writes(key);

        await handle.DisposeAsync();
        await handle.DisposeAsync();

        Assert.Null((await Locks.Lock(key).GetStatus()).Holder);
        Assert.Equal(writesBefore + 1, Locks.Writes(key));
        Assert.False(await handle.ReleaseAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task TryAcquire_returns_null_when_the_lock_is_held_and_every_handle_has_its_own_owner()
    {
        var key = NewKey();
        var lockOnKey = Provider().CreateLock(key);
        await using var first = await lockOnKey.TryAcquireAsync(cancellationToken: TestContext.Current.CancellationToken);
        Assert.NotNull(first);

        Assert.Null(await lockOnKey.TryAcquireAsync(cancellationToken: TestContext.Current.CancellationToken));
        Assert.StartsWith($"{Environment.MachineName}/{Environment.ProcessId}/", first.Owner, StringComparison.Ordinal);
        Assert.Equal(first.Owner, (await Locks.Lock(key).GetStatus()).Holder);
    }

    [Fact]
    public async Task An_explicit_owner_is_used_as_given()
    {
        var key = NewKey();
        await using var handle = await Provider().CreateLock(key, "worker-7").AcquireAsync(TimeSpan.Zero, TestContext.Current.CancellationToken);

        Assert.Equal("worker-7", handle.Owner);
        Assert.Equal("worker-7", (await Locks.Lock(key).GetStatus()).Holder);
    }

    [Fact]
    public async Task Acquire_waits_for_a_release_and_throws_TimeoutException_when_the_wait_runs_out()
    {
        var key = NewKey();
        var provider = Provider();
        var holder = await provider.AcquireAsync(key, TimeSpan.Zero, TestContext.Current.CancellationToken);

        var waiting = provider.AcquireAsync(key, TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken).AsTask();
        await Locks.WaitForQueueLengthAsync(key, 1);
        await holder.DisposeAsync();
        await using var next = await waiting.Within();
        Assert.Equal(holder.FencingToken + 1, next.FencingToken);

        var timingOut = provider.AcquireAsync(key, TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken).AsTask();
        await Locks.WaitForQueueLengthAsync(key, 1);
        Clock.Advance(TimeSpan.FromSeconds(10));
        var error = await Assert.ThrowsAsync<TimeoutException>(() => timingOut.Within());
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await Locks.Lock(key).GetStatus()).QueueLength);
    }

    [Fact]
    public async Task Cancelling_a_waiting_acquire_leaves_the_queue()
    {
        var key = NewKey();
        var provider = Provider();
        await using var holder = await provider.AcquireAsync(key, TimeSpan.Zero, TestContext.Current.CancellationToken);
        using var cancellation = new CancellationTokenSource();

        var waiting = provider.AcquireAsync(key, null, cancellation.Token).AsTask();
        await Locks.WaitForQueueLengthAsync(key, 1);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.Within());
        await Locks.WaitForQueueLengthAsync(key, 0);
        Assert.Equal(holder.Owner, (await Locks.Lock(key).GetStatus()).Holder);
    }

    [Fact]
    public void Bad_client_input_is_refused_with_the_parameter_named()
    {
        Assert.Equal("key", Assert.ThrowsAny<ArgumentException>(() => Provider().CreateLock("")).ParamName);
        Assert.Equal("owner", Assert.ThrowsAny<ArgumentException>(() => Provider().CreateLock("k", new string('x', 300))).ParamName);
        Assert.Equal("Lease", Assert.Throws<ArgumentOutOfRangeException>(() => Provider(new LockClientOptions { Lease = TimeSpan.Zero })).ParamName);
    }

    [Fact]
    public async Task A_negative_timeout_is_refused_before_any_call()
    {
        var key = NewKey();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Provider().TryAcquireAsync(key, TimeSpan.FromSeconds(-2), TestContext.Current.CancellationToken).AsTask());
        Assert.Equal((0L, 0L), (Locks.Reads(key), Locks.Writes(key)));
    }
}
