using Coordination.TestingHost;
using Coordination.Runtime.Tests.Grains;

namespace Coordination.Runtime.Tests.Cluster;

public sealed class RoutingTests
{
    [Fact]
    public async Task In_a_stable_cluster_every_key_has_one_activation_on_its_ring_owner_and_calls_from_any_silo_reach_it()
    {
        await using var cluster = await ClusterOf.StartAsync(3);
        var keys = Enumerable.Range(0, 60).Select(i => $"routed-{i}").ToList();

        foreach (var key in keys)
        {
            var seen = new HashSet<Guid>();
            foreach (var silo in cluster.ActiveSilos)
            {
                seen.Add(await silo.GrainFactory.GetGrain<ICounterGrain>(key).ActivationId());
            }

            var grainId = GrainId.Create("counter", key);
            var hosts = cluster.SilosWithActivation(grainId);
            Assert.Single(seen);
            var host = Assert.Single(hosts);
            Assert.All(cluster.ActiveSilos, s => Assert.Equal(host.Address, s.Silo.Membership.Current.Ring.Owner(grainId.GetStableHashCode())));
        }

        // Every silo takes a share: placement spreads keys rather than funnelling them to one silo.
        Assert.All(cluster.ActiveSilos, s => Assert.InRange(s.Silo.ActivationCount, 1, keys.Count - 2));
    }

    [Fact]
    public async Task State_written_through_one_silo_is_read_through_every_other()
    {
        await using var cluster = await ClusterOf.StartAsync(3);
        var silos = cluster.ActiveSilos.ToList();

        for (var i = 0; i < 9; i++)
        {
            await silos[i % 3].GrainFactory.GetGrain<ICounterGrain>("shared").Increment();
        }

        foreach (var silo in silos)
        {
            Assert.Equal(9, await silo.GrainFactory.GetGrain<ICounterGrain>("shared").Get());
        }
    }

    [Fact]
    public async Task When_a_silo_joins_the_activations_it_now_owns_leave_their_old_silos_and_state_carries_over()
    {
        await using var cluster = await ClusterOf.StartAsync(2);
        var keys = Enumerable.Range(0, 40).Select(i => $"moving-{i}").ToList();
        foreach (var key in keys)
        {
            await cluster.GrainFactory.GetGrain<ICounterGrain>(key).Increment();
        }

        var newcomer = await cluster.StartAdditionalSiloAsync(TestContext.Current.CancellationToken);
        await cluster.WaitForLivenessToStabilizeAsync(TestContext.Current.CancellationToken);

        var moved = keys.Where(k => newcomer.Silo.Membership.Current.Ring.Owner(GrainId.Create("counter", k).GetStableHashCode()) == newcomer.Address).ToList();
        Assert.NotEmpty(moved);
        foreach (var key in moved)
        {
            var grainId = GrainId.Create("counter", key);
            await Task.WhenAll(cluster.ActiveSilos.Where(s => s != newcomer).Select(s => s.Silo.ActivationGone(grainId)));
            Assert.Equal(2, await cluster.GrainFactory.GetGrain<ICounterGrain>(key).Increment());
            Assert.Equal(newcomer, Assert.Single(cluster.SilosWithActivation(grainId)));
        }
    }

    [Fact]
    public async Task Arguments_results_and_exceptions_cross_between_silos_intact()
    {
        await using var cluster = await ClusterOf.StartAsync(2);
        var (caller, callee) = (cluster.Silos[0], cluster.Silos[1]);
        var key = TestCluster.KeysPlacedOn(callee, "echo").First();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => caller.GrainFactory.GetGrain<IEchoGrain>(key).Fail("remote failure"));

        Assert.Equal("remote failure", error.Message);
        var reflected = await caller.GrainFactory.GetGrain<IEchoGrain>(key).Reflect(new EchoMessage("x", 1, ["a"], TimeSpan.FromSeconds(3)));
        Assert.Equal(("x", 2, TimeSpan.FromSeconds(3)), (reflected.Text, reflected.Count, reflected.Delay));
        Assert.Equal(["a", key], reflected.Tags);
        Assert.True(callee.Silo.HasActivation(GrainId.Create("echo", key)));
        Assert.False(caller.Silo.HasActivation(GrainId.Create("echo", key)));
    }
}
