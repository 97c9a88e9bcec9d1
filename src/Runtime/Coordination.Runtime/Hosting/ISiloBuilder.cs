using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Runtime.Hosting;

/// <summary>Configures a silo: its services, grains, storage and options.</summary>
public interface ISiloBuilder
{
    IServiceCollection Services { get; }

    /// <summary>The host's configuration, when there is one; options are bound from it.</summary>
    IConfiguration? Configuration { get; }
}

internal sealed class SiloBuilder(IServiceCollection services, IConfiguration? configuration) : ISiloBuilder
{
    public IServiceCollection Services { get; } = services;

    public IConfiguration? Configuration { get; } = configuration;
}
