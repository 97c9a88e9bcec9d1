using Coordination.Runtime.Hosting;

namespace Coordination.TestingHost;

/// <summary>Configures every silo of a test cluster; a reusable alternative to a lambda.</summary>
public interface ISiloConfigurator
{
    void Configure(ISiloBuilder siloBuilder);
}
