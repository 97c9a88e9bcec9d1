using Coordination.Invocation;
using Coordination.Runtime.Configuration;
using Coordination.Runtime.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coordination.Client;

/// <summary>Adds a <see cref="ClusterClient"/> to a generic host.</summary>
public static class ClientServiceCollectionExtensions
{
    /// <summary>
    /// Connects this application to a Coordination cluster: registers <see cref="ClusterClient"/> and
    /// <see cref="IGrainFactory"/>, with options bound from <c>Coordination:Client</c>, <c>Coordination:Messaging</c>
    /// and <c>Coordination:Calls</c> of the host's configuration, validated at start-up. The host's start connects
    /// the client (and fails, saying why, if no gateway answers); its stop closes it.
    /// </summary>
    public static IHostApplicationBuilder UseCoordinationClient(this IHostApplicationBuilder builder, Action<ClusterClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddCoordinationClient(builder.Configuration, configure);
        return builder;
    }

    /// <summary>Registers a cluster client; <paramref name="configuration"/> is where options are bound from (none: defaults).</summary>
    public static IServiceCollection AddCoordinationClient(this IServiceCollection services, IConfiguration? configuration = null, Action<ClusterClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var client = ValidatedOptions.Add<ClusterClientOptions, ClusterClientOptionsValidator>(services, configuration, ClusterClientOptions.SectionName);
        if (configure is not null)
        {
            client.Configure(configure);
        }

        ValidatedOptions.Add<MessagingOptions, MessagingOptionsValidator>(services, configuration, MessagingOptions.SectionName);
        ValidatedOptions.Add<GrainCallOptions, GrainCallOptionsValidator>(services, configuration, GrainCallOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new ClusterClient(
            sp.GetRequiredService<IOptions<ClusterClientOptions>>().Value,
            sp.GetService<IGatewayListProvider>(),
            sp.GetRequiredService<IOptions<MessagingOptions>>().Value,
            sp.GetRequiredService<IOptions<GrainCallOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()));
        services.TryAddSingleton<IGrainFactory>(sp => sp.GetRequiredService<ClusterClient>());
        services.AddHostedService<ClusterClientLifetime>();
        return services;
    }

    /// <summary>Discovers gateways through <paramref name="provider"/> (for example the cluster's membership table) instead of a fixed list.</summary>
    public static IServiceCollection AddGatewayListProvider(this IServiceCollection services, IGatewayListProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        services.Replace(ServiceDescriptor.Singleton(provider));
        return services;
    }

    /// <summary>Connects the client when the host starts, and closes it when the host stops.</summary>
    private sealed class ClusterClientLifetime(ClusterClient client) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => client.ConnectAsync(cancellationToken);

        public async Task StopAsync(CancellationToken cancellationToken) => await client.DisposeAsync().ConfigureAwait(false);
    }
}
