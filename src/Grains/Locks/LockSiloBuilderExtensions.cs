using Coordination.Runtime.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Coordination.Locks;

/// <summary>Adds locks to a silo.</summary>
public static class LockSiloBuilderExtensions
{
    /// <summary>Hosts <see cref="LockGrain"/>, with <see cref="LockOptions"/> bound from <c>Coordination:Locks</c> and validated at start-up.</summary>
    public static ISiloBuilder AddLocks(this ISiloBuilder builder, Action<LockOptions>? configure = null)
    {
        var options = builder.Services.AddOptions<LockOptions>();
        if (builder.Configuration is not null)
        {
            options.Bind(builder.Configuration.GetSection(LockOptions.SectionName));
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LockOptions>, LockOptionsValidator>());
        return builder.AddGrains(typeof(LockGrain).Assembly);
    }
}
