using Coordination.Runtime.Configuration;
using Coordination.Runtime.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Coordination.TestingHost;

/// <summary>
/// Silos running in this process, for tests. Build one with <see cref="TestClusterBuilder"/>, start it
/// with <see cref="DeployAsync"/>, call grains through <see cref="GrainFactory"/>, and dispose it at the end.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly IReadOnlyList<Action<ISiloBuilder>> _configurators;
    private readonly List<SiloHandle> _silos = [];
    private int _nextSiloNumber;

    internal TestCluster(TestClusterOptions options, IReadOnlyList<Action<ISiloBuilder>> configurators)
    {
        Options = options;
        _configurators = configurators;
    }

    public TestClusterOptions Options { get; }

    /// <summary>Every silo started so far, running or not.</summary>
    public IReadOnlyList<SiloHandle> Silos => _silos;

    /// <summary>The silos that are running.</summary>
    public IEnumerable<SiloHandle> ActiveSilos => _silos.Where(s => s.IsRunning);

    /// <summary>The first silo started.</summary>
    public SiloHandle Primary => _silos.Count > 0 ? _silos[0] : throw new InvalidOperationException("The cluster has not been deployed; call DeployAsync first.");

    /// <summary>A grain factory for calls into the cluster (through the first running silo).</summary>
    public IGrainFactory GrainFactory =>
        (ActiveSilos.FirstOrDefault() ?? throw new InvalidOperationException("No silo of the test cluster is running.")).GrainFactory;

    /// <summary>Starts <see cref="TestClusterOptions.InitialSilosCount"/> silos.</summary>
    public async Task DeployAsync(CancellationToken cancellationToken = default)
    {
        if (_silos.Count > 0)
        {
            throw new InvalidOperationException("The cluster is already deployed.");
        }

        for (var i = 0; i < Options.InitialSilosCount; i++)
        {
            await StartSiloAsync(cancellationToken);
        }
    }

    /// <summary>Starts one more silo.</summary>
    public async Task<SiloHandle> StartSiloAsync(CancellationToken cancellationToken = default)
    {
        var name = $"silo-{_nextSiloNumber++}";
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Development });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseCoordinationSilo(silo =>
        {
            silo.Configure((SiloOptions o) =>
            {
                o.SiloName = name;
                o.ClusterId = Options.ClusterId;
            });
            silo.UseTimeProvider(Options.TimeProvider);
            foreach (var configure in _configurators)
            {
                configure(silo);
            }
        });

        var host = builder.Build();
        var handle = new SiloHandle(name, host);
        await host.StartAsync(cancellationToken);
        handle.IsRunning = true;
        _silos.Add(handle);
        return handle;
    }

    /// <summary>Stops a silo gracefully: its activations deactivate.</summary>
    public async Task StopSiloAsync(SiloHandle silo, CancellationToken cancellationToken = default)
    {
        if (!silo.IsRunning)
        {
            return;
        }

        silo.IsRunning = false;
        await silo.Host.StopAsync(cancellationToken);
        silo.Host.Dispose();
    }

    /// <summary>Stops every running silo gracefully.</summary>
    public async Task StopAllSilosAsync(CancellationToken cancellationToken = default)
    {
        foreach (var silo in _silos.Where(s => s.IsRunning).Reverse().ToList())
        {
            await StopSiloAsync(silo, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync() => await StopAllSilosAsync();
}
