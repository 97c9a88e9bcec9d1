// One concrete class per suite, store and silo count: xunit runs each abstract suite's tests once per variant, on
// the shared cluster of the variant's collection.

using Coordination.Grains.Tests.Grain;

namespace Coordination.Grains.Tests;

[Collection(OneSiloOnMemoryCollection.Name)]
public sealed class AcquireOnMemoryWithOneSilo(OneSiloOnMemory cluster) : AcquireTests(cluster);

[Collection(ThreeSilosOnMemoryCollection.Name)]
public sealed class AcquireOnMemoryWithThreeSilos(ThreeSilosOnMemory cluster) : AcquireTests(cluster);

[Collection(OneSiloOnMemoryCollection.Name)]
public sealed class WaitingAcquireOnMemoryWithOneSilo(OneSiloOnMemory cluster) : WaitingAcquireTests(cluster);

[Collection(ThreeSilosOnMemoryCollection.Name)]
public sealed class WaitingAcquireOnMemoryWithThreeSilos(ThreeSilosOnMemory cluster) : WaitingAcquireTests(cluster);

[Collection(OneSiloOnMemoryCollection.Name)]
public sealed class LeaseOnMemoryWithOneSilo(OneSiloOnMemory cluster) : LeaseTests(cluster);

[Collection(ThreeSilosOnMemoryCollection.Name)]
public sealed class LeaseOnMemoryWithThreeSilos(ThreeSilosOnMemory cluster) : LeaseTests(cluster);

[Collection(OneSiloOnMemoryCollection.Name)]
public sealed class ValidationOnMemoryWithOneSilo(OneSiloOnMemory cluster) : ValidationTests(cluster);

[Collection(ThreeSilosOnMemoryCollection.Name)]
public sealed class ValidationOnMemoryWithThreeSilos(ThreeSilosOnMemory cluster) : ValidationTests(cluster);

[Collection(OneSiloOnMemoryCollection.Name)]
public sealed class StoreFaultOnMemoryWithOneSilo(OneSiloOnMemory cluster) : StoreFaultTests(cluster);

[Collection(ThreeSilosOnMemoryCollection.Name)]
public sealed class StoreFaultOnMemoryWithThreeSilos(ThreeSilosOnMemory cluster) : StoreFaultTests(cluster);

[Collection(OneSiloOnMemoryCollection.Name)]
public sealed class HistoryOnMemoryWithOneSilo(OneSiloOnMemory cluster) : HistoryTests(cluster);

[Collection(ThreeSilosOnMemoryCollection.Name)]
public sealed class HistoryOnMemoryWithThreeSilos(ThreeSilosOnMemory cluster) : HistoryTests(cluster);

[Collection(LockInstrumentsCollection.Name)]
public sealed class ObservabilityOnMemoryWithOneSilo(OneSiloOnMemory cluster) : ObservabilityTests(cluster), IClassFixture<OneSiloOnMemory>;

[Collection(LockInstrumentsCollection.Name)]
public sealed class ObservabilityOnMemoryWithThreeSilos(ThreeSilosOnMemory cluster) : ObservabilityTests(cluster), IClassFixture<ThreeSilosOnMemory>;

public sealed class SiloLossOnMemory() : Cluster.SiloLossTests(LockStore.Memory);

public sealed class RestartOnMemory() : Cluster.RestartTests(LockStore.Memory);

public sealed class ClusterHistoryOnMemory() : Cluster.ClusterHistoryTests(LockStore.Memory);

public sealed class SplitClusterOnMemory() : Cluster.SplitClusterTests(LockStore.Memory);

public sealed class ClientFailoverOnMemory() : Cluster.ClientFailoverTests(LockStore.Memory);
