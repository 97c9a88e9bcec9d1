using System.Net;
using Coordination.Client;
using Coordination.Locks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Coordination.Silo;

/// <summary>
/// With <c>--demo</c>: once the silo is up, connects an Orleans client to the silo's own gateway over TCP, as an
/// application would, walks through the lock contract and prints what happens, then leaves the silo running.
/// </summary>
internal sealed class LockDemo(SiloConfiguration configuration, IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);

        var gateway = new IPEndPoint(configuration.Silo.Advertised, configuration.GatewayPort);
        var clusterId = configuration.Silo.ClusterId;
        var clientBuilder = Host.CreateApplicationBuilder();
        clientBuilder.Logging.SetMinimumLevel(LogLevel.Warning);
        clientBuilder.UseOrleansClient(client => client
            .UseStaticClustering(gateway)
            .Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = SiloSettings.ServiceId;
            }));
        clientBuilder.Services.AddCoordinationLockProvider();
        using var clientHost = clientBuilder.Build();
        await clientHost.StartAsync(stoppingToken);
        var client = clientHost.Services.GetRequiredService<IClusterClient>();
        Console.WriteLine($"Demo: a client connected to the gateway {gateway} of cluster '{clusterId}'.");

        var orders = client.GetGrain<ILockGrain>("orders/42");
        var lease = TimeSpan.FromSeconds(30);

        Say("worker-7 takes orders/42", await orders.TryAcquire("worker-7", lease));
        Say("worker-8 tries orders/42", await orders.TryAcquire("worker-8", lease));

        var waiting = orders.Acquire("worker-8", TimeSpan.FromSeconds(10), lease);
        // The wait reaches the lock as a message of its own; show the queue once it has.
        var status = await orders.GetStatus();
        while (status.QueueLength == 0 && !waiting.IsCompleted)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(1), stoppingToken);
            status = await orders.GetStatus();
        }

        Console.WriteLine($"  worker-8 queues for orders/42: {status}");
        Console.WriteLine($"  worker-7 releases orders/42: {await orders.Release("worker-7", 1)}");
        Say("worker-8's wait ends", await waiting);
        Say("worker-8 renews", await orders.Renew("worker-8", 2, lease));
        Console.WriteLine($"  worker-8 releases orders/42: {await orders.Release("worker-8", 2)}");

        var locks = clientHost.Services.GetRequiredService<CoordinationLockProvider>();
        await using (var handle = await locks.AcquireAsync("reports/daily", TimeSpan.FromSeconds(5), stoppingToken))
        {
            Console.WriteLine($"  a handle holds reports/daily as {handle.Owner}, fencing token {handle.FencingToken}");
        }

        await using (var both = await locks.AcquireAllAsync(["accounts/b", "accounts/a"], TimeSpan.FromSeconds(5), stoppingToken))
        {
            Console.WriteLine($"  a transfer holds {string.Join(" and ", both.Handles.Select(h => h.Key))} (taken in canonical order)");
        }

        await clientHost.StopAsync(stoppingToken);
        Console.WriteLine($"Demo finished. The silo keeps running; take locks with: dotnet run --project src/Cli -- acquire orders/42 --gateway {gateway}");
        Console.WriteLine("Press Ctrl+C to stop it.");
    }

    private static void Say(string what, LockResult result) =>
        Console.WriteLine($"  {what}: acquired={result.Acquired} token={result.FencingToken} holder={result.Holder ?? "(none)"} outcome={result.Outcome}");
}
