using System.Net;
using Coordination.Runtime.Configuration;
using Coordination.Runtime.Hosting;
using Coordination.Runtime.Membership;
using Coordination.Runtime.Messaging;
using Coordination.Runtime.Storage;
using Coordination.TestingHost;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Coordination.Runtime.Tests.Cluster;

/// <summary>A cluster needs one shared store: silos that would each keep their own locks are refused at the door.</summary>
public sealed class StoreSharingTests
{
    [Fact]
    public async Task A_silo_on_its_own_memory_store_is_refused_by_a_running_cluster_and_told_it_needs_a_shared_store()
    {
        await using var cluster = await ClusterOf.StartAsync(2);
        using var loner = BuildSilo(cluster.Options.ClusterId, cluster.MembershipTable);

        var refused = await Assert.ThrowsAsync<SiloStartupException>(() => loner.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains($"cannot join cluster '{cluster.Options.ClusterId}'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("a cluster needs a shared store", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Coordination:Storage:Provider=Elasticsearch", refused.Message, StringComparison.Ordinal);
        var table = (await cluster.MembershipTable.ReadAsync(TestContext.Current.CancellationToken)).Data;
        Assert.Equal(2, table.Entries.Count);
        Assert.All(cluster.Silos, s => Assert.Equal(2, s.Silo.Membership.Current.ActiveSilos.Count));
    }

    [Fact]
    public async Task No_silo_joins_a_cluster_while_a_silo_on_its_own_memory_store_runs_in_it()
    {
        var table = new InMemoryMembershipTable();
        var clusterId = "store-" + Guid.NewGuid().ToString("N")[..8];
        using var loner = BuildSilo(clusterId, table);
        await loner.StartAsync(TestContext.Current.CancellationToken);
        using var member = BuildSilo(clusterId, table, ClusterStore.SharedMemory("shared"));

        var refused = await Assert.ThrowsAsync<SiloStartupException>(() => member.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("is running there on memory (this silo only)", refused.Message, StringComparison.Ordinal);
        await loner.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Silos_on_different_shared_stores_are_refused_too()
    {
        await using var cluster = await ClusterOf.StartAsync(1);
        using var other = BuildSilo(cluster.Options.ClusterId, cluster.MembershipTable, new ClusterStore("elasticsearch:other-locks"));

        var refused = await Assert.ThrowsAsync<SiloStartupException>(() => other.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("This silo keeps its locks in elasticsearch:other-locks", refused.Message, StringComparison.Ordinal);
        Assert.Contains("give every silo the same Coordination:Storage settings", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_entry_of_a_silo_that_vanished_without_a_heartbeat_does_not_block_the_cluster()
    {
        var table = new InMemoryMembershipTable();
        var clusterId = "store-" + Guid.NewGuid().ToString("N")[..8];
        var vanished = new SiloAddress(new IPEndPoint(IPAddress.Loopback, 1), 1);
        var entry = new MembershipEntry(vanished, "vanished", SiloStatus.Active, DateTimeOffset.UtcNow.AddHours(-1), [], Store: ClusterStore.PrivateMemory().Identity);
        Assert.True(await table.TryWriteAsync(MembershipTableData.Empty.With(entry), null, TestContext.Current.CancellationToken));
        await table.WriteHeartbeatAsync(vanished, DateTimeOffset.UtcNow.AddHours(-1), TestContext.Current.CancellationToken);
        using var member = BuildSilo(clusterId, table, ClusterStore.SharedMemory("shared"));

        await member.StartAsync(TestContext.Current.CancellationToken);

        Assert.Equal(SiloStatus.Active, (await table.ReadAsync(TestContext.Current.CancellationToken)).Data.Entries.Single(e => e.SiloName == "member").Status);
        await member.StopAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>A silo outside any test cluster, on its own memory store unless <paramref name="store"/> says otherwise.</summary>
    private static IHost BuildSilo(string clusterId, IMembershipTable table, ClusterStore? store = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.ClearProviders();
        builder.UseCoordinationSilo(silo =>
        {
            silo.Configure((SiloOptions o) =>
            {
                o.SiloName = store is null ? "loner" : "member";
                o.ClusterId = clusterId;
                o.SiloPort = 0;
                o.GatewayPort = 0;
                o.ListenAddress = "127.0.0.1";
            });
            silo.UseMembershipTable(table);
            if (store is not null)
            {
                silo.UseClusterStore(store);
            }
        });
        return builder.Build();
    }
}
