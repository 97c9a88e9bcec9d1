using System.Reflection;
using Coordination.Invocation;
using Coordination.Runtime.Configuration;
using Coordination.Runtime.Membership;
using Coordination.Runtime.Messaging;
using Coordination.Runtime.Storage;
using Coordination.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Coordination.Runtime.Hosting;

/// <summary>Fluent configuration of a silo.</summary>
public static class SiloBuilderExtensions
{
    /// <summary>Hosts the grain classes of <paramref name="assembly"/> on this silo.</summary>
    public static ISiloBuilder AddGrains(this ISiloBuilder builder, Assembly assembly)
    {
        GrainClassRegistry.EnsureRegistered(assembly);
        return builder;
    }

    /// <summary>Registers an in-memory grain storage under <paramref name="name"/> (the default storage when omitted).</summary>
    public static ISiloBuilder AddMemoryGrainStorage(this ISiloBuilder builder, string name = GrainStorageResolver.DefaultName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        builder.Services.AddKeyedSingleton<IGrainStorage>(name, (services, _) =>
            new MemoryGrainStorage(name, services.GetRequiredService<GrainStateSerializer>()));
        return builder;
    }

    /// <summary>
    /// Declares which store keeps this silo's lock state, so that silos with different stores are refused
    /// when they try to form one cluster. The last declaration wins.
    /// </summary>
    public static ISiloBuilder UseClusterStore(this ISiloBuilder builder, ClusterStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        builder.Services.Replace(ServiceDescriptor.Singleton(store));
        return builder;
    }

    /// <summary>Replaces the silo's clock; tests pass a manual one.</summary>
    public static ISiloBuilder UseTimeProvider(this ISiloBuilder builder, TimeProvider clock)
    {
        builder.Services.Replace(ServiceDescriptor.Singleton(clock));
        return builder;
    }

    public static ISiloBuilder Configure(this ISiloBuilder builder, Action<SiloOptions> configure)
    {
        builder.Services.Configure(configure);
        return builder;
    }

    public static ISiloBuilder Configure(this ISiloBuilder builder, Action<GrainCallOptions> configure)
    {
        builder.Services.Configure(configure);
        return builder;
    }

    public static ISiloBuilder Configure(this ISiloBuilder builder, Action<ActivationOptions> configure)
    {
        builder.Services.Configure(configure);
        return builder;
    }

    public static ISiloBuilder Configure(this ISiloBuilder builder, Action<MembershipOptions> configure)
    {
        builder.Services.Configure(configure);
        return builder;
    }

    public static ISiloBuilder Configure(this ISiloBuilder builder, Action<MessagingOptions> configure)
    {
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>Keeps the cluster's membership in <paramref name="table"/> (test clusters share one in memory).</summary>
    public static ISiloBuilder UseMembershipTable(this ISiloBuilder builder, IMembershipTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        builder.Services.Replace(ServiceDescriptor.Singleton(table));
        return builder;
    }
}
