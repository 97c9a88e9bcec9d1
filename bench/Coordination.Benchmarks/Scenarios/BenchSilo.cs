using System.Net;
using Coordination.Benchmarks.Harness;
using Coordination.ElasticsearchEmulator;
using Coordination.Locks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Coordination.Benchmarks.Scenarios;

/// <summary>An Orleans silo serving locks in this process, with logging off, as the benchmarks' system under test.</summary>
internal sealed class BenchSilo : IAsyncDisposable
{
    private const string ClusterId = "bench";
    private readonly IHost _host;
    private readonly IPEndPoint _gateway;

    private BenchSilo(IHost host, IPEndPoint gateway)
    {
        _host = host;
        _gateway = gateway;
    }

    /// <summary>The silo's storage operations, from Orleans' storage metrics.</summary>
    public StoreMeter Store { get; } = new();

    public IServiceProvider Services => _host.Services;

    /// <summary>A silo whose locks live in Orleans' memory storage, or in <paramref name="emulator"/> when there is one.</summary>
    public static async Task<BenchSilo> StartWithLocksAsync(EmulatorServer? emulator)
    {
        // Free ports, so a benchmark never collides with a silo running on this machine.
        var gateway = new IPEndPoint(IPAddress.Loopback, LoopbackPort.Free());
        var siloPort = LoopbackPort.Free();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort, gateway.Port, serviceId: ClusterId, clusterId: ClusterId);
            if (emulator is null)
            {
                silo.AddMemoryGrainStorage(LockOptions.DefaultStorageName);
            }
            else
            {
                BenchElasticsearch.AddLockStorage(silo, emulator);
            }

            silo.AddCoordinationLocks();
        });
        var host = builder.Build();
        await host.StartAsync();
        return new BenchSilo(host, gateway);
    }

    /// <summary>
    /// Connects an Orleans client to this silo's gateway over loopback TCP: the client has its own connection, its
    /// own pending-call table and its own serialization work, as it would in another process.
    /// </summary>
    public async Task<BenchClient> ConnectClientAsync()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client => client
            .UseStaticClustering(_gateway)
            .Configure<ClusterOptions>(o =>
            {
                o.ClusterId = ClusterId;
                o.ServiceId = ClusterId;
            }));
        var host = builder.Build();
        try
        {
            await host.StartAsync();
            return new BenchClient(host);
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        Store.Dispose();
    }
}

/// <summary>An Orleans client of a <see cref="BenchSilo"/>, in a host of its own.</summary>
internal sealed class BenchClient(IHost host) : IAsyncDisposable
{
    public IClusterClient Client => host.Services.GetRequiredService<IClusterClient>();

    public TGrain GetGrain<TGrain>(string key)
        where TGrain : IGrainWithStringKey => Client.GetGrain<TGrain>(key);

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
