using Coordination.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Coordination.TestingHost;

/// <summary>One silo of a test cluster: its host, services and runtime.</summary>
public sealed class SiloHandle
{
    internal SiloHandle(string name, IHost host)
    {
        Name = name;
        Host = host;
        Silo = host.Services.GetRequiredService<Silo>();
    }

    public string Name { get; }

    public IHost Host { get; }

    public IServiceProvider Services => Host.Services;

    public Silo Silo { get; }

    /// <summary>A grain factory whose calls start in this silo.</summary>
    public IGrainFactory GrainFactory => Silo.GrainFactory;

    public bool IsRunning { get; internal set; }

    public override string ToString() => Name;
}
