using System.Net;
using System.Net.Sockets;
using Coordination.EndToEnd.Tests.Processes;

namespace Coordination.EndToEnd.Tests;

/// <summary>The silo executable as operators run it: a cluster on Elasticsearch, refusals, graceful stops.</summary>
public sealed class SiloProcessTests
{
    [Fact]
    public async Task Three_silo_processes_form_one_cluster_on_elasticsearch_and_announce_their_endpoints()
    {
        await using var cluster = await ProcessCluster.StartAsync(3, TestContext.Current.CancellationToken);

        await cluster.WaitForMembershipAsync(TestContext.Current.CancellationToken);

        Assert.Equal(3, (await cluster.ActiveSilosAsync(TestContext.Current.CancellationToken)).Count);
        Assert.Equal(3, cluster.Silos.Select(s => s.Gateway).Distinct().Count());
        Assert.All(cluster.Silos, s => Assert.Contains($"store elasticsearch:{cluster.LockIndex}", s.Process.Output, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_silo_on_the_memory_store_is_refused_by_a_running_cluster_with_a_message_saying_a_cluster_needs_a_shared_store()
    {
        await using var cluster = await ProcessCluster.StartAsync(1, TestContext.Current.CancellationToken);

        var loner = cluster.StartSiloProcess("loner", new Dictionary<string, string>
        {
            ["COORDINATION__Storage__Provider"] = "Memory",
            ["COORDINATION__Membership__Provider"] = "Elasticsearch",
        });

        Assert.Equal(2, await loner.WaitForExitAsync(TestContext.Current.CancellationToken));
        Assert.Contains($"Silo loner cannot join cluster '{cluster.ClusterId}'", loner.Output, StringComparison.Ordinal);
        Assert.Contains("a cluster needs a shared store", loner.Output, StringComparison.Ordinal);
        Assert.Equal([cluster.Silos[0].SiloAddress], await cluster.ActiveSilosAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Sigterm_stops_a_silo_gracefully_it_leaves_the_table_at_once_and_exits_zero()
    {
        await using var cluster = await ProcessCluster.StartAsync(2, TestContext.Current.CancellationToken);
        var leaver = cluster.Silos[1];

        await leaver.Process.TerminateAsync(TestContext.Current.CancellationToken);

        Assert.Equal(0, await leaver.Process.WaitForExitAsync(TestContext.Current.CancellationToken));
        Assert.Contains($"Silo {leaver.Name} stopped", leaver.Process.Output, StringComparison.Ordinal);
        Assert.Equal([cluster.Silos[0].SiloAddress], await cluster.ActiveSilosAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Invalid_configuration_fails_at_start_up_naming_every_bad_setting()
    {
        await using var cluster = await ProcessCluster.StartAsync(0, TestContext.Current.CancellationToken);

        var silo = cluster.StartSiloProcess("misconfigured", new Dictionary<string, string>
        {
            ["COORDINATION__Silo__GatewayPort"] = "70000",
            ["COORDINATION__Silo__ClusterId"] = "has spaces",
        });

        Assert.Equal(2, await silo.WaitForExitAsync(TestContext.Current.CancellationToken));
        Assert.Contains("The silo cannot start because its configuration is invalid", silo.Output, StringComparison.Ordinal);
        Assert.Contains("Coordination:Silo:GatewayPort is 70000; it must be between 0 and 65535.", silo.Output, StringComparison.Ordinal);
        Assert.Contains("Coordination:Silo:ClusterId is 'has spaces'", silo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gateway_port_in_use_fails_start_up_with_exit_2_naming_the_setting()
    {
        await using var cluster = await ProcessCluster.StartAsync(0, TestContext.Current.CancellationToken);
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var taken = ((IPEndPoint)squatter.LocalEndpoint).Port;

        var silo = cluster.StartSiloProcess("crowded", new Dictionary<string, string> { ["COORDINATION__Silo__GatewayPort"] = taken.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal(2, await silo.WaitForExitAsync(TestContext.Current.CancellationToken));
        Assert.Contains($"Coordination:Silo:GatewayPort is {taken}, which another process is using", silo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_elasticsearch_fails_start_up_with_exit_3_naming_the_url()
    {
        await using var cluster = await ProcessCluster.StartAsync(0, TestContext.Current.CancellationToken);
        using var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)closed.LocalEndpoint).Port}";
        closed.Stop();

        var silo = cluster.StartSiloProcess("stranded", new Dictionary<string, string>
        {
            ["COORDINATION__Storage__Elasticsearch__Urls__0"] = url,
            ["COORDINATION__Storage__Elasticsearch__StartupHealthTimeout"] = "00:00:02",
        });

        Assert.Equal(3, await silo.WaitForExitAsync(TestContext.Current.CancellationToken));
        Assert.Contains(url, silo.Output, StringComparison.Ordinal);
    }
}
