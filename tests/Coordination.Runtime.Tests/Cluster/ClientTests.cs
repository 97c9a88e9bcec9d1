using Coordination.Client;
using Coordination.Runtime.Configuration;
using Coordination.Runtime.Tests.Grains;
using Coordination.TestingHost;
using Microsoft.Extensions.Options;

namespace Coordination.Runtime.Tests.Cluster;

/// <summary>A <see cref="ClusterClient"/> against a 3-silo test cluster, through the silos' gateway ports.</summary>
public sealed class ClientTests
{
    private static readonly TimeSpan s_readable = TimeSpan.FromSeconds(30);
    private static readonly GrainCallOptions s_patientCalls = new() { CallTimeout = TimeSpan.FromMinutes(5) };

    [Fact]
    public async Task A_client_reaches_grains_on_every_silo_and_each_key_is_activated_on_exactly_one()
    {
        await using var cluster = await ClusterOf.StartAsync(3);
        await using var client = await cluster.ConnectClientAsync(cancellationToken: TestContext.Current.CancellationToken);
        var keys = Enumerable.Range(0, 30).Select(i => $"client-{i}").ToList();

        foreach (var key in keys)
        {
            Assert.Equal(key, await client.GetGrain<IEchoGrain>(key).Echo(key));
        }

        Assert.All(keys, key => Assert.Single(cluster.SilosWithActivation(GrainId.Create("echo", key))));
        Assert.All(cluster.Silos, silo => Assert.True(silo.Silo.ActivationCount > 0, $"{silo} got no grain"));
        Assert.Equal(3, client.ConnectedGateways.Count);
    }

    [Fact]
    public async Task Calls_to_one_key_all_go_through_one_gateway_and_keys_spread_over_the_gateways()
    {
        await using var cluster = await ClusterOf.StartAsync(3);
        await using var client = await cluster.ConnectClientAsync(cancellationToken: TestContext.Current.CancellationToken);
        var gatewaysUsed = new HashSet<string>();

        for (var i = 0; i < 20; i++)
        {
            var before = cluster.Silos.Select(s => s.Silo.ClientCallsReceived).ToList();
            for (var call = 0; call < 10; call++)
            {
                await client.GetGrain<IEchoGrain>($"affinity-{i}").Echo("x");
            }

            var grown = cluster.Silos.Select((s, index) => (Silo: s, Calls: s.Silo.ClientCallsReceived - before[index])).Where(g => g.Calls > 0).ToList();
            var (gateway, calls) = Assert.Single(grown);
            Assert.Equal(10, calls);
            gatewaysUsed.Add(gateway.Name);
        }

        Assert.True(gatewaysUsed.Count >= 2, $"20 keys all went through {string.Join(", ", gatewaysUsed)}");
    }

    [Fact]
    public async Task When_a_gateway_dies_its_calls_in_flight_fail_at_once_and_new_calls_to_the_key_go_through_another()
    {
        await using var cluster = await ClusterOf.StartAsync(3);
        await using var client = await cluster.ConnectClientAsync(calls: s_patientCalls, cancellationToken: TestContext.Current.CancellationToken);
        var (key, name, call, gateway) = await HoldThroughAGatewayOtherThanTheOwnerAsync(cluster, client);

        await cluster.KillSiloAsync(gateway);

        var lost = await Assert.ThrowsAsync<SiloUnavailableException>(() => call.WaitAsync(s_readable, TestContext.Current.CancellationToken));
        Assert.Contains($"gateway {gateway.GatewayEndpoint}", lost.Message, StringComparison.Ordinal);
        Assert.Contains("may or may not have run", lost.Message, StringComparison.Ordinal);
        Assert.False(lost.CallDidNotRun);
        Signals.Set(name + ":release");

        var again = Signals.NewScope();
        Signals.Set(again + ":release");
        Assert.Equal(1, await client.GetGrain<IHoldGrain>(key).Hold(again).WaitAsync(s_readable, TestContext.Current.CancellationToken));
        Assert.Equal(1, HoldGrain.Runs(name));
        Assert.DoesNotContain(gateway.GatewayEndpoint.ToString(), client.ConnectedGateways);

        // Keys the dead silo owned come back once the cluster has declared it dead.
        await cluster.WaitForLivenessToStabilizeAsync(TestContext.Current.CancellationToken);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("on", await client.GetGrain<IEchoGrain>($"after-failover-{i}").Echo("on"));
        }
    }

    [Fact]
    public async Task With_no_gateway_reachable_calls_and_connecting_fail_at_once_as_cluster_unavailable()
    {
        await using var cluster = await ClusterOf.StartAsync(3);
        await using var client = await cluster.ConnectClientAsync(calls: s_patientCalls, cancellationToken: TestContext.Current.CancellationToken);
        var gateways = cluster.Silos.Select(s => s.GatewayEndpoint.ToString()).ToList();
        Assert.Equal("up", await client.GetGrain<IEchoGrain>("before").Echo("up"));

        foreach (var silo in cluster.Silos.ToList())
        {
            await cluster.KillSiloAsync(silo);
        }

        // A call written before the client sees a connection reset fails as "may or may not have run"; wait until it has seen them all.
        foreach (var gateway in gateways)
        {
            await cluster.Logs.WaitForAsync(e => e.Silo == "client" && e.Message.Contains($"lost gateway {gateway}", StringComparison.Ordinal), s_readable, TestContext.Current.CancellationToken);
        }

        // The call timeout is five minutes: failing within the readability limit means failing without waiting for it.
        var down = await Assert.ThrowsAsync<ClusterUnavailableException>(() => client.GetGrain<IEchoGrain>("after").Echo("down").WaitAsync(s_readable, TestContext.Current.CancellationToken));
        Assert.Contains($"No gateway of cluster '{cluster.Options.ClusterId}' could be reached", down.Message, StringComparison.Ordinal);
        Assert.All(gateways, gateway => Assert.Contains(gateway, down.Message, StringComparison.Ordinal));

        await using var late = new ClusterClient(new ClusterClientOptions { ClusterId = cluster.Options.ClusterId, Gateways = gateways });
        var refused = await Assert.ThrowsAsync<ClusterUnavailableException>(() => late.ConnectAsync(TestContext.Current.CancellationToken));
        Assert.All(gateways, gateway => Assert.Contains(gateway, refused.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_client_of_another_cluster_is_refused_and_told_why()
    {
        await using var cluster = await ClusterOf.StartAsync(1);

        var refused = await Assert.ThrowsAsync<ClusterUnavailableException>(() => cluster.ConnectClientAsync(o => o.ClusterId = "elsewhere", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains($"cluster id 'elsewhere' is not this cluster's '{cluster.Options.ClusterId}'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_pointed_at_a_silo_port_is_told_to_use_the_gateway_port()
    {
        await using var cluster = await ClusterOf.StartAsync(1);

        var refused = await Assert.ThrowsAsync<ClusterUnavailableException>(() => cluster.ConnectClientAsync(
            o => o.Gateways = [cluster.Primary.Address.Endpoint.ToString()], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("this endpoint is a silo port; clients connect to the gateway port", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_that_discovers_gateways_in_the_membership_table_follows_silos_that_join_and_leave()
    {
        await using var cluster = await ClusterOf.StartAsync(1);
        await using var client = await cluster.ConnectClientAsync(o => o.Gateways.Clear(), discoverGateways: true, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal([cluster.Primary.GatewayEndpoint.ToString()], client.KnownGateways);

        var second = await cluster.StartAdditionalSiloAsync(TestContext.Current.CancellationToken);
        var third = await cluster.StartAdditionalSiloAsync(TestContext.Current.CancellationToken);
        await client.RefreshGatewaysAsync(TestContext.Current.CancellationToken);
        for (var i = 0; i < 30; i++)
        {
            await client.GetGrain<IEchoGrain>($"discovered-{i}").Echo("x");
        }

        Assert.Equal(3, client.KnownGateways.Count);
        Assert.All(cluster.Silos, silo => Assert.True(silo.Silo.ClientCallsReceived > 0, $"no call came through {silo}"));

        await cluster.StopSiloAsync(second, TestContext.Current.CancellationToken);
        await client.RefreshGatewaysAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain(second.GatewayEndpoint.ToString(), client.KnownGateways);
        Assert.Contains(third.GatewayEndpoint.ToString(), client.KnownGateways);
    }

    [Theory]
    [InlineData("localhost", "use host:port")]
    [InlineData("127.0.0.1:http", "its port must be a number from 1 to 65535")]
    [InlineData("127.0.0.1:70000", "its port must be a number from 1 to 65535")]
    [InlineData("bad host:30000", "is neither an IP address nor a host name")]
    public void A_malformed_gateway_is_refused_naming_the_setting_and_the_problem(string gateway, string problem)
    {
        var invalid = Assert.Throws<OptionsValidationException>(() => new ClusterClient(new ClusterClientOptions { Gateways = ["127.0.0.1:30000", gateway] }));

        var failure = Assert.Single(invalid.Failures);
        Assert.StartsWith($"Coordination:Client:Gateways:1 is '{gateway}';", failure, StringComparison.Ordinal);
        Assert.Contains(problem, failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_name_gateway_is_resolved()
    {
        await using var cluster = await ClusterOf.StartAsync(1);
        await using var client = await cluster.ConnectClientAsync(o => o.Gateways = [$"localhost:{cluster.Primary.GatewayEndpoint.Port}"], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("named", await client.GetGrain<IEchoGrain>("by-name").Echo("named"));
    }

    /// <summary>Starts a held call whose gateway is not the silo of its grain, so the gateway can die while the grain lives on.</summary>
    private static async Task<(string Key, string Name, Task<int> Call, SiloHandle Gateway)> HoldThroughAGatewayOtherThanTheOwnerAsync(TestCluster cluster, ClusterClient client)
    {
        for (var i = 0; ; i++)
        {
            var key = $"held-{i}";
            var name = Signals.NewScope();
            var before = cluster.Silos.Select(s => s.Silo.ClientCallsReceived).ToList();
            var call = client.GetGrain<IHoldGrain>(key).Hold(name);
            await Signals.WaitAsync(name + ":entered");
            var gateway = cluster.Silos.Where((s, index) => s.Silo.ClientCallsReceived > before[index]).Single();
            if (!gateway.Silo.HasActivation(GrainId.Create("hold", key)))
            {
                return (key, name, call, gateway);
            }

            Signals.Set(name + ":release");
            await call;
        }
    }
}
