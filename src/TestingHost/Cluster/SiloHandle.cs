using Coordination.Runtime.Hosting;
using Coordination.Runtime.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Coordination.TestingHost;

/// <summary>One silo of a test cluster: its host, services and runtime.</summary>
public sealed class SiloHandle
{
    internal SiloHandle(string name, IHost host, bool isolated)
    {
        Name = name;
        Host = host;
        IsIsolated = isolated;
        Silo = host.Services.GetRequiredService<Silo>();
    }

    public string Name { get; }

    public IHost Host { get; }

    public IServiceProvider Services => Host.Services;

    public Silo Silo { get; }

    /// <summary>Its identity in the cluster: endpoint and generation.</summary>
    public SiloAddress Address => Silo.Details.Address;

    /// <summary>Where clients connect to this silo.</summary>
    public System.Net.IPEndPoint GatewayEndpoint => Silo.Details.GatewayEndpoint ?? throw new InvalidOperationException($"Silo {Name} has not started listening.");

    /// <summary>A grain factory whose calls start in this silo.</summary>
    public IGrainFactory GrainFactory => Silo.GrainFactory;

    /// <summary>Started, and neither stopped nor killed (by the test, or by itself on reading that it was declared dead).</summary>
    public bool IsRunning => Started && !HostDisposed && Silo.IsServing;

    internal bool Started { get; set; }

    internal bool HostDisposed { get; set; }

    /// <summary>Started with a membership table of its own: it shares the store but believes it is alone.</summary>
    public bool IsIsolated { get; }

    public override string ToString() => $"{Name} ({Address})";
}
