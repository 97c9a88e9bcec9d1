using Coordination.Benchmarks.Grains;
using Coordination.Runtime.Configuration;
using Coordination.Runtime.Hosting;
using Coordination.Runtime.Membership;
using Coordination.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Benchmarks.Scenarios;

/// <summary>Two silos in this process, sharing a membership table and talking over loopback TCP.</summary>
internal sealed class BenchCluster : IAsyncDisposable
{
    private BenchCluster(BenchSilo caller, BenchSilo host)
    {
        Caller = caller;
        Host = host;
    }

    /// <summary>The silo the calls start from.</summary>
    public BenchSilo Caller { get; }

    /// <summary>The silo the called grains live on.</summary>
    public BenchSilo Host { get; }

    public static async Task<BenchCluster> StartAsync()
    {
        var table = new InMemoryMembershipTable();
        var first = await StartSiloAsync("bench-a", table);
        var second = await StartSiloAsync("bench-b", table);
        await first.Services.GetRequiredService<Silo>().RefreshMembershipAsync();
        return new BenchCluster(first, second);
    }

    /// <summary>Keys of bench grains that the ring places on <see cref="Host"/>.</summary>
    public IEnumerable<string> KeysOnHost()
    {
        var host = Host.Services.GetRequiredService<Silo>().Details.Address;
        var ring = Caller.Services.GetRequiredService<Silo>().Membership.Current.Ring;
        return Enumerable.Range(0, int.MaxValue)
            .Select(i => $"remote-{i}")
            .Where(key => ring.Owner(GrainId.Create("bench", key).GetStableHashCode()) == host);
    }

    public async ValueTask DisposeAsync()
    {
        await Caller.DisposeAsync();
        await Host.DisposeAsync();
    }

    private static Task<BenchSilo> StartSiloAsync(string name, IMembershipTable table) =>
        BenchSilo.StartAsync(silo =>
        {
            silo.Configure((SiloOptions o) =>
            {
                o.SiloName = name;
                o.ClusterId = "bench";
            });
            silo.UseMembershipTable(table);
            // Bench grains keep nothing in the store, but a cluster must declare one it shares.
            silo.UseClusterStore(ClusterStore.SharedMemory("bench"));
        });
}
