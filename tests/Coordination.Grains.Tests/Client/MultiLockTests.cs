using Coordination.Client;

namespace Coordination.Grains.Tests.Client;

public abstract class MultiLockTests : LockStoreTests
{
    [Fact]
    public async Task Two_callers_asking_for_the_same_keys_in_opposite_orders_never_deadlock()
    {
        await using var locks = await StartLocksAsync();
        var provider = locks.Locks();
        var cancellation = TestContext.Current.CancellationToken;

        async Task TakeManyTimes(string[] keys)
        {
            for (var i = 0; i < 25; i++)
            {
                await using var all = await provider.AcquireAllAsync(keys, TimeSpan.FromMinutes(1), cancellation);
                Assert.Equal(keys.Order(StringComparer.Ordinal), all.Handles.Select(h => h.Key));
                await Task.Yield();
            }
        }

        // The manual clock never moves, so a deadlock would hang here instead of timing out.
        await Task.WhenAll(
            Task.Run(() => TakeManyTimes(["alpha", "beta", "gamma"]), cancellation),
            Task.Run(() => TakeManyTimes(["gamma", "beta", "alpha"]), cancellation)).Within();
    }

    [Fact]
    public async Task Taking_all_keys_is_all_or_nothing()
    {
        await using var locks = await StartLocksAsync();
        var provider = locks.Locks();
        await using var blocker = await provider.AcquireAsync("b", TimeSpan.Zero, TestContext.Current.CancellationToken);

        Assert.Null(await provider.TryAcquireAllAsync(["c", "a", "b"], TimeSpan.Zero, TestContext.Current.CancellationToken));

        Assert.Null((await locks.Lock("a").GetStatus()).Holder);
        Assert.Null((await locks.Lock("c").GetStatus()).Holder);
    }

    [Fact]
    public async Task Duplicate_keys_are_taken_once_and_disposing_releases_every_key()
    {
        await using var locks = await StartLocksAsync();
        var provider = locks.Locks();
        var all = await provider.AcquireAllAsync(["x", "y", "x"], TimeSpan.Zero, TestContext.Current.CancellationToken);
        Assert.Equal(2, all.Handles.Count);

        await all.DisposeAsync();

        Assert.Null((await locks.Lock("x").GetStatus()).Holder);
        Assert.Null((await locks.Lock("y").GetStatus()).Holder);
    }

    [Fact]
    public async Task No_keys_is_an_argument_error()
    {
        await using var locks = await StartLocksAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => locks.Locks().TryAcquireAllAsync([], TimeSpan.Zero, TestContext.Current.CancellationToken).AsTask());
    }
}
