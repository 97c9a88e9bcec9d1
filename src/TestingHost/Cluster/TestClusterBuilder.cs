using Coordination.Runtime.Hosting;

namespace Coordination.TestingHost;

/// <summary>Describes a test cluster: how many silos, and how each is configured.</summary>
public sealed class TestClusterBuilder
{
    private readonly List<Action<ISiloBuilder>> _configurators = [];

    public TestClusterBuilder(int initialSilosCount = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(initialSilosCount, 1);
        Options.InitialSilosCount = initialSilosCount;
    }

    public TestClusterOptions Options { get; } = new();

    /// <summary>Applies <typeparamref name="TConfigurator"/> to every silo.</summary>
    public TestClusterBuilder AddSiloBuilderConfigurator<TConfigurator>()
        where TConfigurator : ISiloConfigurator, new()
    {
        _configurators.Add(silo => new TConfigurator().Configure(silo));
        return this;
    }

    /// <summary>Applies <paramref name="configure"/> to every silo.</summary>
    public TestClusterBuilder ConfigureSilo(Action<ISiloBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _configurators.Add(configure);
        return this;
    }

    /// <summary>Sets the clock of every silo.</summary>
    public TestClusterBuilder UseTimeProvider(TimeProvider clock)
    {
        Options.TimeProvider = clock ?? throw new ArgumentNullException(nameof(clock));
        return this;
    }

    public TestCluster Build() => new(Options, [.. _configurators]);
}
