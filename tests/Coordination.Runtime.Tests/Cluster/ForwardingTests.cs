using Coordination.Runtime.Hosting;
using Coordination.Runtime.Membership;
using Coordination.Runtime.Messaging;
using Coordination.Runtime.Tests.Grains;
using Coordination.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Runtime.Tests.Cluster;

public sealed class ForwardingTests
{
    [Fact]
    public async Task A_call_sent_on_a_stale_view_is_forwarded_to_the_owner_in_the_current_view()
    {
        await using var setup = await StaleViewAsync(maxForwardCount: 2);

        var answer = await setup.Stale.GrainFactory.GetGrain<IEchoGrain>(setup.Key).WhoAmI();

        Assert.Equal($"echo/{setup.Key}", answer);
        Assert.Equal(setup.Newcomer, Assert.Single(setup.Cluster.SilosWithActivation(GrainId.Create("echo", setup.Key))));
    }

    [Fact]
    public async Task Forwarding_is_bounded_and_a_call_that_runs_out_of_forwards_fails_without_running()
    {
        await using var setup = await StaleViewAsync(maxForwardCount: 0);

        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => setup.Stale.GrainFactory.GetGrain<IEchoGrain>(setup.Key).WhoAmI().AsTask());

        Assert.Contains("forwarded 0 times without reaching its silo", error.Message, StringComparison.Ordinal);
        Assert.True(error.CallDidNotRun);
        Assert.Empty(setup.Cluster.SilosWithActivation(GrainId.Create("echo", setup.Key)));
    }

    /// <summary>
    /// Three silos; the first stops reading the table; a fourth joins. Finds a key the stale silo would send
    /// to a second silo, which knows the newcomer owns it now.
    /// </summary>
    private static async Task<StaleSetup> StaleViewAsync(int maxForwardCount)
    {
        TestCluster? cluster = null;
        cluster = new TestClusterBuilder(3)
            .ConfigureSilo(s => s
                .UseMembershipTable(new FreezableMembershipTable(cluster!.MembershipTable))
                .Configure((MessagingOptions o) => o.MaxForwardCount = maxForwardCount))
            .Build();
        await cluster.DeployAsync(TestContext.Current.CancellationToken);
        var stale = cluster.Silos[0];
        await ((FreezableMembershipTable)stale.Services.GetRequiredService<IMembershipTable>()).FreezeAsync(TestContext.Current.CancellationToken);

        var newcomer = await cluster.StartAdditionalSiloAsync(TestContext.Current.CancellationToken);

        Assert.DoesNotContain(newcomer.Address, stale.Silo.Membership.Current.ActiveSilos);
        var key = Enumerable.Range(0, 10_000).Select(i => $"forwarded-{i}").First(k =>
        {
            var hash = GrainId.Create("echo", k).GetStableHashCode();
            var believed = stale.Silo.Membership.Current.Ring.Owner(hash);
            var relay = cluster.ActiveSilos.FirstOrDefault(s => s.Address == believed && s != stale);
            return relay is not null && relay.Silo.Membership.Current.Ring.Owner(hash) == newcomer.Address;
        });
        return new StaleSetup(cluster, stale, newcomer, key);
    }

    private sealed record StaleSetup(TestCluster Cluster, SiloHandle Stale, SiloHandle Newcomer, string Key) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Cluster.DisposeAsync();
    }
}
