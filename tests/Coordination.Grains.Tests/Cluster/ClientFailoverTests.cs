using Coordination.Client;
using Coordination.Locks;

namespace Coordination.Grains.Tests.Cluster;

/// <summary>
/// Locks taken by an application through an Orleans client, connected to every silo's gateway, while silos (gateways
/// among them) die.
/// </summary>
public abstract class ClientFailoverTests(LockStore store) : ClusterSuite(store)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Locks_taken_through_a_client_keep_their_holder_and_token_when_a_gateway_silo_is_killed()
    {
        await using var locks = await StartAsync(silos: 3);
        var client = locks.Cluster.Client;
        var victim = locks.Silos[1];
        var keys = (await KeysPlacedOnAsync(locks, victim, "on-victim", 3)).Concat(await KeysPlacedOnAsync(locks, locks.Silos[2], "elsewhere", 3)).ToList();
        var grants = new Dictionary<string, LockResult>();
        foreach (var key in keys)
        {
            grants[key] = await client.GetGrain<ILockGrain>(key).TryAcquire("worker", Lease);
            Assert.True(grants[key].Acquired);
        }

        await locks.Cluster.KillSiloAsync(victim, TestContext.Current.CancellationToken);
        await locks.Cluster.WaitForLivenessToStabilizeAsync(didKill: true);

        foreach (var key in keys)
        {
            var grain = client.GetGrain<ILockGrain>(key);
            var status = await grain.GetStatus().Within();
            Assert.Equal(("worker", grants[key].FencingToken), (status.Holder, status.FencingToken));
            var intruder = await grain.TryAcquire("intruder", Lease).Within();
            Assert.Equal((false, "worker"), (intruder.Acquired, intruder.Holder));
            Assert.True(await grain.Release("worker", grants[key].FencingToken).Within());
            Assert.Equal(grants[key].FencingToken + 1, (await grain.TryAcquire("next", Lease).Within()).FencingToken);
        }
    }

    [Fact]
    public async Task A_client_keeps_taking_locks_after_every_silo_it_first_knew_is_replaced()
    {
        await using var locks = await StartAsync(silos: 2);
        var client = locks.Cluster.Client;
        var first = await client.GetGrain<ILockGrain>("k").TryAcquire("worker", Lease);

        // A new silo joins, then both original silos leave: one gracefully, one killed.
        var (stopped, killed) = (locks.Silos[0], locks.Silos[1]);
        await locks.Cluster.StartAdditionalSiloAsync();
        await locks.Cluster.WaitForLivenessToStabilizeAsync();
        await locks.Cluster.StopSiloAsync(stopped, TestContext.Current.CancellationToken);
        await locks.Cluster.KillSiloAsync(killed, TestContext.Current.CancellationToken);
        await locks.Cluster.WaitForLivenessToStabilizeAsync(didKill: true);

        var grain = client.GetGrain<ILockGrain>("k");
        Assert.Equal(("worker", first.FencingToken), ((await grain.GetStatus().Within()).Holder, (await grain.GetStatus()).FencingToken));
        Assert.True(await grain.Release("worker", first.FencingToken).Within());
        Assert.Equal(first.FencingToken + 1, (await grain.TryAcquire("next", Lease).Within()).FencingToken);
    }

    [Fact]
    public async Task A_lock_handle_over_a_client_renews_and_releases_across_the_loss_of_the_silo_holding_its_lock()
    {
        await using var locks = await StartAsync(silos: 3);
        var provider = new CoordinationLockProvider(locks.Cluster.Client, clock: locks.Clock);
        var victim = locks.Silos[1];
        var key = (await KeysPlacedOnAsync(locks, victim, "handle", 1))[0];
        var handle = await provider.TryAcquireAsync(key, cancellationToken: TestContext.Current.CancellationToken).AsTask().Within();
        Assert.NotNull(handle);

        await locks.Cluster.KillSiloAsync(victim, TestContext.Current.CancellationToken);
        await locks.Cluster.WaitForLivenessToStabilizeAsync(didKill: true);

        Assert.Equal((handle.Owner, handle.FencingToken), ((await locks.Lock(key).GetStatus()).Holder, (await locks.Lock(key).GetStatus()).FencingToken));
        Assert.Null(await provider.TryAcquireAsync(key, cancellationToken: TestContext.Current.CancellationToken).AsTask().Within());
        var renewal = handle.NextRenewalAsync();
        locks.Clock.Advance(new LockClientOptions().Lease / 3);
        await renewal.Within();
        Assert.False(handle.IsLost);
        Assert.True(await handle.ReleaseAsync(TestContext.Current.CancellationToken).AsTask().Within());
        Assert.Null((await locks.Lock(key).GetStatus()).Holder);
    }
}
