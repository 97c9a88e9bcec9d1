using System.Collections.Concurrent;
using Coordination.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Runtime.Storage;

/// <summary>
/// Finds storage providers by name among the keyed <see cref="IGrainStorage"/> services, wrapped for
/// instrumentation. A null name means <see cref="DefaultName"/>.
/// </summary>
public sealed class GrainStorageResolver(IServiceProvider services)
{
    public const string DefaultName = "Default";

    private readonly ConcurrentDictionary<string, InstrumentedGrainStorage> _storages = new(StringComparer.Ordinal);

    /// <summary>The provider registered under <paramref name="storageName"/>.</summary>
    /// <exception cref="InvalidOperationException">None is registered under that name.</exception>
    public IGrainStorage Resolve(string? storageName) => ResolveInstrumented(storageName);

    /// <summary>Operation counts of the provider registered under <paramref name="storageName"/>.</summary>
    public GrainStorageStatistics GetStatistics(string? storageName = null) => ResolveInstrumented(storageName).Statistics;

    /// <summary>The provider itself, without instrumentation: for tests that inspect a store.</summary>
    public IGrainStorage ResolveUnwrapped(string? storageName = null) => ResolveInstrumented(storageName).Inner;

    private InstrumentedGrainStorage ResolveInstrumented(string? storageName)
    {
        var name = storageName ?? DefaultName;
        return _storages.GetOrAdd(name, static (key, provider) =>
        {
            var storage = provider.GetKeyedService<IGrainStorage>(key)
                ?? throw new InvalidOperationException(
                    $"No grain storage named '{key}' is registered on this silo. Register one, for example with " +
                    $"siloBuilder.AddMemoryGrainStorage(\"{key}\"), or use the default storage by not naming one.");
            return new InstrumentedGrainStorage(key, storage);
        }, services);
    }
}
