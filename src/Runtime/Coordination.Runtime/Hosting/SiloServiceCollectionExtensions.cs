using Coordination.Invocation;
using Coordination.Runtime.Activation;
using Coordination.Runtime.Configuration;
using Coordination.Runtime.Invocation;
using Coordination.Runtime.Membership;
using Coordination.Runtime.Messaging;
using Coordination.Runtime.Placement;
using Coordination.Runtime.Storage;
using Coordination.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Coordination.Runtime.Hosting;

/// <summary>Adds a Coordination silo to a generic host.</summary>
public static class SiloServiceCollectionExtensions
{
    /// <summary>
    /// Runs a silo in this host. Options bind from the <c>Coordination</c> configuration section and are
    /// validated at start-up. Unless another default storage is registered, grain state lives in memory.
    /// </summary>
    public static IHostApplicationBuilder UseCoordinationSilo(this IHostApplicationBuilder builder, Action<ISiloBuilder>? configure = null)
    {
        builder.Services.AddCoordinationSilo(builder.Configuration, configure);
        return builder;
    }

    /// <summary>Adds a silo's services; <paramref name="configuration"/> is where options are bound from.</summary>
    public static IServiceCollection AddCoordinationSilo(this IServiceCollection services, IConfiguration? configuration = null, Action<ISiloBuilder>? configure = null)
    {
        var builder = new SiloBuilder(services, configuration);
        ValidatedOptions.Add<SiloOptions, SiloOptionsValidator>(services, configuration, SiloOptions.SectionName);
        ValidatedOptions.Add<GrainCallOptions, GrainCallOptionsValidator>(services, configuration, GrainCallOptions.SectionName);
        ValidatedOptions.Add<ActivationOptions, ActivationOptionsValidator>(services, configuration, ActivationOptions.SectionName);
        ValidatedOptions.Add<MessagingOptions, MessagingOptionsValidator>(services, configuration, MessagingOptions.SectionName);
        ValidatedOptions.Add<MembershipOptions, MembershipOptionsValidator>(services, configuration, MembershipOptions.SectionName);

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<GrainStateSerializer>();
        services.TryAddSingleton<GrainStorageResolver>();
        services.TryAddSingleton<LocalSiloDetails>();
        services.TryAddSingleton(sp => new PendingCallTable(
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<GrainCallOptions>>().Value.DeadlineCheckInterval));
        services.TryAddSingleton<SiloCallSender>();
        services.TryAddSingleton<IGrainCallSender>(sp => sp.GetRequiredService<SiloCallSender>());
        services.TryAddSingleton(sp => sp.GetRequiredService<SiloCallSender>().GrainFactory);
        services.TryAddSingleton<ActivationServices>();
        services.TryAddSingleton(sp => new Catalog(sp.GetRequiredService<ActivationServices>(), sp.GetRequiredService<LocalSiloDetails>().Name));
        services.TryAddSingleton<ActivationCollector>();
        services.TryAddSingleton<ClusterMembership>();
        services.TryAddSingleton<IMembershipTable, InMemoryMembershipTable>();
        services.TryAddSingleton<NetworkPartitions>();
        services.TryAddSingleton<SiloConnections>();
        services.TryAddSingleton<MembershipAgent>();
        services.TryAddSingleton<IPlacementDirector, RingPlacementDirector>();
        services.TryAddSingleton<MessageRouter>();
        services.TryAddSingleton(sp => new SiloRequestHandler(sp.GetRequiredService<MessageRouter>(), sp.GetRequiredService<TimeProvider>(), fromClients: false));
        services.TryAddSingleton(sp => new Silo(
            sp.GetRequiredService<LocalSiloDetails>(),
            sp.GetRequiredService<IGrainFactory>(),
            sp.GetRequiredService<GrainStorageResolver>(),
            sp.GetRequiredService<Catalog>(),
            sp.GetRequiredService<ActivationCollector>(),
            sp.GetRequiredService<ActivationServices>(),
            sp.GetRequiredService<PendingCallTable>(),
            sp.GetRequiredService<ClusterMembership>(),
            sp.GetRequiredService<MembershipAgent>(),
            sp.GetRequiredService<SiloConnections>(),
            sp.GetRequiredService<ClusterStore>(),
            sp.GetRequiredService<SiloRequestHandler>(),
            sp.GetRequiredService<IOptions<SiloOptions>>(),
            sp.GetRequiredService<IOptions<MessagingOptions>>(),
            sp.GetService<IHostApplicationLifetime>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>()));
        services.AddHostedService(sp => sp.GetRequiredService<Silo>());

        configure?.Invoke(builder);

        // The embedded default, unless the configuration above chose another default store.
        if (!services.Any(d => d.ServiceType == typeof(IGrainStorage) && Equals(d.ServiceKey, GrainStorageResolver.DefaultName)))
        {
            builder.AddMemoryGrainStorage();
            services.TryAddSingleton(ClusterStore.PrivateMemory());
        }

        services.TryAddSingleton(ClusterStore.Undeclared);

        return services;
    }
}
