using Coordination.Client;
using Coordination.Locks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Serialization;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Makes <see cref="CoordinationLockProvider"/> resolvable in an application that has an Orleans client or silo.</summary>
public static class LockProviderServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="CoordinationLockProvider"/> over the application's <see cref="IGrainFactory"/>
    /// (from <c>UseOrleansClient</c>, <c>UseOrleans</c> or a test cluster), with <see cref="LockClientOptions"/> from the
    /// options system (<paramref name="configure"/>, and anything bound with <c>Configure&lt;LockClientOptions&gt;</c>),
    /// checked when the host starts. It measures time with the registered <see cref="TimeProvider"/>, if any, and logs
    /// through the registered <see cref="ILoggerFactory"/>. When these services are an Orleans client's, a wait in a
    /// lock's queue whose gateway connection closes is sent again at once, not left to time out.
    /// </summary>
    /// <remarks>
    /// Named so as not to be mistaken for the silo's <c>ISiloBuilder.AddCoordinationLocks</c>, which serves the locks;
    /// this only calls them.
    /// </remarks>
    public static IServiceCollection AddCoordinationLockProvider(this IServiceCollection services, Action<LockClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<LockClientOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LockClientOptions>, LockClientOptionsValidator>());

        // The proxies of ILockGrain must be known to the client even when the application's own assemblies never name it.
        services.AddSerializer(serializer => serializer.AddAssembly(typeof(ILockGrain).Assembly));
        // The Orleans client of these services reports its gateway connections here, so that waits lost with one are sent again.
        services.TryAddSingleton<GatewayConnectionLoss>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IClusterConnectionStatusObserver, GatewayConnectionLoss>(provider => provider.GetRequiredService<GatewayConnectionLoss>()));
        services.TryAddSingleton(provider => new CoordinationLockProvider(
            provider.GetRequiredService<IGrainFactory>(),
            provider.GetRequiredService<IOptions<LockClientOptions>>().Value,
            provider.GetService<TimeProvider>(),
            provider.GetService<ILogger<CoordinationLockProvider>>(),
            provider.GetService<GatewayConnectionLoss>()));
        return services;
    }

    private sealed class LockClientOptionsValidator : IValidateOptions<LockClientOptions>
    {
        public ValidateOptionsResult Validate(string? name, LockClientOptions options)
        {
            return options.FindProblem() is { } problem
                ? ValidateOptionsResult.Fail($"{nameof(LockClientOptions)}.{problem.Message}")
                : ValidateOptionsResult.Success;
        }
    }
}
