using Coordination.Benchmarks.Grains;
using Coordination.Client;
using Coordination.ElasticsearchEmulator;
using Coordination.Locks;
using Coordination.Persistence.Elasticsearch;
using Coordination.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Coordination.Benchmarks.Scenarios;

/// <summary>A silo in this process with logging off, as the benchmarks' system under test.</summary>
internal sealed class BenchSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private BenchSilo(IHost host)
    {
        _host = host;
    }

    public IGrainFactory GrainFactory => _host.Services.GetRequiredService<IGrainFactory>();

    public IServiceProvider Services => _host.Services;

    /// <summary>The silo's storage providers, with their operation counts.</summary>
    public Runtime.Storage.GrainStorageResolver Storage => _host.Services.GetRequiredService<Silo>().Storage;

    /// <summary>
    /// Connects a cluster client to this silo's gateway over loopback TCP: the client has its own connection,
    /// its own pending-call table and its own codec work, as it would in another process.
    /// </summary>
    public async Task<ClusterClient> ConnectClientAsync()
    {
        var details = _host.Services.GetRequiredService<Silo>().Details;
        var client = new ClusterClient(new ClusterClientOptions
        {
            ClusterId = details.ClusterId,
            Gateways = [GatewayAddress.Format(details.GatewayEndpoint!)],
            ClientName = "bench-client",
        });
        try
        {
            await client.ConnectAsync();
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>A silo hosting lock grains, their state in memory, or in <paramref name="emulator"/> when there is one.</summary>
    public static Task<BenchSilo> StartWithLocksAsync(EmulatorServer? emulator) =>
        StartAsync(s =>
        {
            s.AddLocks();
            if (emulator is not null)
            {
                s.AddElasticsearchGrainStorage(configureClient: o => o.Urls = [emulator.Url.ToString()], configureStorage: o => o.NumberOfReplicas = 0);
            }
        });

    public static async Task<BenchSilo> StartAsync(Action<ISiloBuilder>? configure = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.ClearProviders();
        builder.UseCoordinationSilo(silo =>
        {
            silo.AddGrains(typeof(BenchGrain).Assembly);
            // Free ports, so a benchmark never collides with a silo running on this machine.
            silo.Configure((Runtime.Configuration.SiloOptions o) =>
            {
                o.SiloPort = 0;
                o.GatewayPort = 0;
                o.ListenAddress = "127.0.0.1";
            });
            configure?.Invoke(silo);
        });
        var host = builder.Build();
        await host.StartAsync();
        return new BenchSilo(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
