using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Runtime;
using Orleans.Serialization;

namespace Coordination.Locks;

/// <summary>Adds Coordination locks to any Orleans silo.</summary>
public static class LockSiloBuilderExtensions
{
    /// <summary>
    /// Serves <see cref="ILockGrain"/> from this silo: <see cref="LockOptions"/> bound from <c>Coordination:Locks</c>
    /// (when the silo's configuration has it), then <paramref name="configure"/>, checked at start-up together with
    /// the grain storage the locks use (<see cref="LockOptions.StorageName"/>, default <c>locks</c>), which the
    /// application registers, for example with <c>AddMemoryGrainStorage("locks")</c> on a development silo.
    /// </summary>
    public static ISiloBuilder AddCoordinationLocks(this ISiloBuilder builder, Action<LockOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<LockOptions>();
        if (builder.Configuration is { } configuration)
        {
            options.Bind(configuration.GetSection(LockOptions.SectionName));
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        var services = builder.Services;
        // The grain, its interface and state types are found even when the host's entry assembly does not reference them directly.
        services.AddSerializer(serializer => serializer.AddAssembly(typeof(LockGrain).Assembly).AddAssembly(typeof(ILockGrain).Assembly));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigurationValidator, LockOptionsValidator>());
        if (!services.Any(d => d.ServiceType == typeof(LockSiloLifecycle)))
        {
            services.AddSingleton<LockSiloLifecycle>();
            services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<LockSiloLifecycle>());
        }

        return builder;
    }
}
