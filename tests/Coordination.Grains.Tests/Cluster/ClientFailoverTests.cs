using Coordination.Client;
using Coordination.Locks;
using Coordination.Runtime.Configuration;
using Coordination.TestingHost;

namespace Coordination.Grains.Tests.Cluster;

/// <summary>Locks taken by an application through a <see cref="ClusterClient"/>, while silos, gateways among them, die.</summary>
public abstract class ClientFailoverTests : LockStoreTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);
    private static readonly GrainCallOptions PatientCalls = new() { CallTimeout = TimeSpan.FromMinutes(5) };

    [Fact]
    public async Task A_lock_taken_through_a_client_keeps_its_holder_and_token_when_the_clients_gateway_for_it_is_killed()
    {
        await using var locks = await StartLocksAsync(silos: 3);
        await using var client = await locks.Cluster.ConnectClientAsync(calls: PatientCalls, cancellationToken: TestContext.Current.CancellationToken);
        var (grant, gateway) = await TakeThroughClientAsync(locks.Cluster, client, "gateway-loss", "worker");

        await locks.Cluster.KillSiloAsync(gateway);
        await locks.Cluster.WaitForLivenessToStabilizeAsync(TestContext.Current.CancellationToken);

        var orders = client.GetGrain<ILockGrain>("gateway-loss");
        var status = await orders.GetStatus().Within();
        Assert.Equal(("worker", grant.FencingToken), (status.Holder, status.FencingToken));
        var intruder = await orders.TryAcquire("intruder", Lease).Within();
        Assert.Equal((false, "worker"), (intruder.Acquired, intruder.Holder));
        Assert.True(await orders.Release("worker", grant.FencingToken).Within());
        Assert.Equal(grant.FencingToken + 1, (await orders.TryAcquire("next", Lease).Within()).FencingToken);
        Assert.DoesNotContain(gateway.GatewayEndpoint.ToString(), client.ConnectedGateways);
    }

    [Fact]
    public async Task A_lock_handle_over_a_client_acquires_and_releases_across_the_loss_of_a_silo()
    {
        await using var locks = await StartLocksAsync(silos: 3);
        await using var client = await locks.Cluster.ConnectClientAsync(calls: PatientCalls, cancellationToken: TestContext.Current.CancellationToken);
        var provider = new CoordinationLockProvider(client, clock: locks.Clock);
        var victim = locks.Cluster.Silos[1];
        var key = TestCluster.KeysPlacedOn(victim, "lock", "handle").First();

        var handle = await provider.TryAcquireAsync(key, cancellationToken: TestContext.Current.CancellationToken).Within();
        Assert.NotNull(handle);
        await locks.Cluster.KillSiloAsync(victim);
        await locks.Cluster.WaitForLivenessToStabilizeAsync(TestContext.Current.CancellationToken);

        Assert.Equal(handle.Owner, (await client.GetGrain<ILockGrain>(key).GetStatus().Within()).Holder);
        Assert.Null(await provider.TryAcquireAsync(key, cancellationToken: TestContext.Current.CancellationToken).Within());
        Assert.True(await handle.ReleaseAsync().Within());
        Assert.False(handle.IsLost);
        Assert.Null((await client.GetGrain<ILockGrain>(key).GetStatus().Within()).Holder);
    }

    /// <summary>Takes <paramref name="key"/> through the client and finds which silo's gateway carried the call.</summary>
    private static async Task<(LockResult Grant, SiloHandle Gateway)> TakeThroughClientAsync(TestCluster cluster, ClusterClient client, string key, string owner)
    {
        var before = cluster.Silos.Select(s => s.Silo.ClientCallsReceived).ToList();
        var grant = await client.GetGrain<ILockGrain>(key).TryAcquire(owner, Lease).Within();
        Assert.True(grant.Acquired);
        return (grant, cluster.Silos.Where((s, i) => s.Silo.ClientCallsReceived > before[i]).Single());
    }
}
