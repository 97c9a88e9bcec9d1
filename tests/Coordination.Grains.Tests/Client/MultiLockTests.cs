using Coordination.Client;

namespace Coordination.Grains.Tests.Client;

/// <summary>Several keys taken together through the client library.</summary>
public abstract class MultiLockTests(LockClusterFixture fixture) : LockSuite(fixture)
{
    private CoordinationLockProvider Provider() => new(Locks.GrainFactory, clock: Clock);

    [Fact]
    public async Task Two_callers_asking_for_the_same_keys_in_opposite_orders_never_deadlock()
    {
        var (alpha, beta, gamma) = (NewKey("alpha"), NewKey("beta"), NewKey("gamma"));
        var provider = Provider();
        var cancellation = TestContext.Current.CancellationToken;

        async Task TakeManyTimes(string[] keys)
        {
            for (var i = 0; i < 10; i++)
            {
                await using var all = await provider.AcquireAllAsync(keys, TimeSpan.FromMinutes(1), cancellation);
                Assert.Equal(keys.Order(StringComparer.Ordinal), all.Handles.Select(h => h.Key));
                await Task.Yield();
            }
        }

        // The grain clock never moves, so a deadlock would hang here, and fail the bound, instead of timing out. Each round
        // is a dozen store writes and handoffs; the bound leaves room for a slow store on a busy machine.
        await Task.WhenAll(
            Task.Run(() => TakeManyTimes([alpha, beta, gamma]), cancellation),
            Task.Run(() => TakeManyTimes([gamma, beta, alpha]), cancellation)).Within(TimeSpan.FromMinutes(2));
    }

    [Fact]
    public async Task Taking_all_keys_is_all_or_nothing()
    {
        var (a, b, c) = (NewKey("a"), NewKey("b"), NewKey("c"));
        var provider = Provider();
        await using var blocker = await provider.AcquireAsync(b, TimeSpan.Zero, TestContext.Current.CancellationToken);

        Assert.Null(await provider.TryAcquireAllAsync([c, a, b], TimeSpan.Zero, TestContext.Current.CancellationToken));

        Assert.Null((await Locks.Lock(a).GetStatus()).Holder);
        Assert.Null((await Locks.Lock(c).GetStatus()).Holder);
        Assert.Equal(blocker.Owner, (await Locks.Lock(b).GetStatus()).Holder);
    }

    [Fact]
    public async Task Duplicate_keys_are_taken_once_and_disposing_releases_every_key()
    {
        var (x, y) = (NewKey("x"), NewKey("y"));
        var all = await Provider().AcquireAllAsync([x, y, x], TimeSpan.Zero, TestContext.Current.CancellationToken);
        Assert.Equal(2, all.Handles.Count);
        Assert.Equal(all[x].Owner, (await Locks.Lock(x).GetStatus()).Holder);

        await all.DisposeAsync();

        Assert.Null((await Locks.Lock(x).GetStatus()).Holder);
        Assert.Null((await Locks.Lock(y).GetStatus()).Holder);
    }

    [Fact]
    public async Task No_keys_is_an_argument_error()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Provider().TryAcquireAllAsync([], TimeSpan.Zero, TestContext.Current.CancellationToken).AsTask());
    }
}
