using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Coordination.Silo;

/// <summary>Logs the one line operators wait for: the silo is serving, where, in which cluster, on which store.</summary>
internal sealed partial class StartupAnnouncement(
    IHostApplicationLifetime lifetime,
    ILocalSiloDetails silo,
    SiloConfiguration configuration,
    ILogger<StartupAnnouncement> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => LogStarted(
            logger,
            silo.Name,
            silo.ClusterId,
            silo.SiloAddress.ToString(),
            silo.GatewayAddress?.Endpoint.ToString() ?? "none",
            configuration.StoreDescription));
        lifetime.ApplicationStopped.Register(() => LogStopped(logger, silo.Name, silo.ClusterId));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Silo {SiloName} started in cluster {ClusterId}: silo endpoint {SiloEndpoint}, gateway {Gateway}, store {Store}")]
    private static partial void LogStarted(ILogger logger, string siloName, string clusterId, string siloEndpoint, string gateway, string store);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Silo {SiloName} stopped; it has left cluster {ClusterId}")]
    private static partial void LogStopped(ILogger logger, string siloName, string clusterId);
}
