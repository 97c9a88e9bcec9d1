// One concrete class per suite, store and silo count: xunit runs each abstract suite's tests once per variant.
// Grain suites share the cluster of their variant's collection; the instrument suite runs alone, on clusters of its
// own; cluster suites start a cluster per test, on a store that outlives silos.

using Coordination.Grains.Tests.Client;
using Coordination.Grains.Tests.Cluster;
using Coordination.Grains.Tests.Grain;

namespace Coordination.Grains.Tests;

[Collection(OneSiloOnMemoryCollection.Name)]
public sealed class AcquireOnMemoryWithOneSilo(OneSiloOnMemory cluster) : AcquireTests(cluster);

[Collection(ThreeSilosOnMemoryCollection.Name)]
public sealed class AcquireOnMemoryWithThreeSilos(ThreeSilosOnMemory cluster) : AcquireTests(cluster);

[Collection(OneSiloOnElasticsearchCollection.Name)]
public sealed class AcquireOnElasticsearchWithOneSilo(OneSiloOnElasticsearch cluster) : AcquireTests(cluster);

[Collection(ThreeSilosOnElasticsearchCollection.Name)]
public sealed class AcquireOnElasticsearchWithThreeSilos(ThreeSilosOnElasticsearch cluster) : AcquireTests(cluster);

[Collection(OneSiloOnMemoryCollection.Name)]
public sealed class WaitingAcquireOnMemoryWithOneSilo(OneSiloOnMemory cluster) : WaitingAcquireTests(cluster);

[Collection(ThreeSilosOnMemoryCollection.Name)]
public sealed class WaitingAcquireOnMemoryWithThreeSilos(ThreeSilosOnMemory cluster) : WaitingAcquireTests(cluster);

[Collection(OneSiloOnElasticsearchCollection.Name)]
public sealed class WaitingAcquireOnElasticsearchWithOneSilo(OneSiloOnElasticsearch cluster) : WaitingAcquireTests(cluster);

[Collection(ThreeSilosOnElasticsearchCollection.Name)]
public sealed class WaitingAcquireOnElasticsearchWithThreeSilos(ThreeSilosOnElasticsearch cluster) : WaitingAcquireTests(cluster);

[Collection(OneSiloOnMemoryCollection.Name)]
public sealed class LeaseOnMemoryWithOneSilo(OneSiloOnMemory cluster) : LeaseTests(cluster);

[Collection(ThreeSilosOnMemoryCollection.Name)]
public sealed class LeaseOnMemoryWithThreeSilos(ThreeSilosOnMemory cluster) : LeaseTests(cluster);

[Collection(OneSiloOnElasticsearchCollection.Name)]
public sealed class LeaseOnElasticsearchWithOneSilo(OneSiloOnElasticsearch cluster) : LeaseTests(cluster);

[Collection(ThreeSilosOnElasticsearchCollection.Name)]
public sealed class LeaseOnElasticsearchWithThreeSilos(ThreeSilosOnElasticsearch cluster) : LeaseTests(cluster);

[Collection(OneSiloOnMemoryCollection.Name)]
public sealed class ValidationOnMemoryWithOneSilo(OneSiloOnMemory cluster) : ValidationTests(cluster);

[Collection(ThreeSilosOnMemoryCollection.Name)]
public sealed class ValidationOnMemoryWithThreeSilos(ThreeSilosOnMemory cluster) : ValidationTests(cluster);

[Collection(OneSiloOnElasticsearchCollection.Name)]
public sealed class ValidationOnElasticsearchWithOneSilo(OneSiloOnElasticsearch cluster) : ValidationTests(cluster);

[Collection(ThreeSilosOnElasticsearchCollection.Name)]
public sealed class ValidationOnElasticsearchWithThreeSilos(ThreeSilosOnElasticsearch cluster) : ValidationTests(cluster);

[Collection(OneSiloOnMemoryCollection.Name)]
public sealed class StoreFaultOnMemoryWithOneSilo(OneSiloOnMemory cluster) : StoreFaultTests(cluster);

[Collection(ThreeSilosOnMemoryCollection.Name)]
public sealed class StoreFaultOnMemoryWithThreeSilos(ThreeSilosOnMemory cluster) : StoreFaultTests(cluster);

[Collection(OneSiloOnElasticsearchCollection.Name)]
public sealed class StoreFaultOnElasticsearchWithOneSilo(OneSiloOnElasticsearch cluster) : StoreFaultTests(cluster);

[Collection(ThreeSilosOnElasticsearchCollection.Name)]
public sealed class StoreFaultOnElasticsearchWithThreeSilos(ThreeSilosOnElasticsearch cluster) : StoreFaultTests(cluster);

[Collection(OneSiloOnMemoryCollection.Name)]
public sealed class HistoryOnMemoryWithOneSilo(OneSiloOnMemory cluster) : HistoryTests(cluster);

[Collection(ThreeSilosOnMemoryCollection.Name)]
public sealed class HistoryOnMemoryWithThreeSilos(ThreeSilosOnMemory cluster) : HistoryTests(cluster);

[Collection(OneSiloOnElasticsearchCollection.Name)]
public sealed class HistoryOnElasticsearchWithOneSilo(OneSiloOnElasticsearch cluster) : HistoryTests(cluster);

[Collection(ThreeSilosOnElasticsearchCollection.Name)]
public sealed class HistoryOnElasticsearchWithThreeSilos(ThreeSilosOnElasticsearch cluster) : HistoryTests(cluster);

[Collection(OneSiloOnMemoryCollection.Name)]
public sealed class LockHandleOnMemoryWithOneSilo(OneSiloOnMemory cluster) : LockHandleTests(cluster);

[Collection(ThreeSilosOnMemoryCollection.Name)]
public sealed class LockHandleOnMemoryWithThreeSilos(ThreeSilosOnMemory cluster) : LockHandleTests(cluster);

[Collection(OneSiloOnElasticsearchCollection.Name)]
public sealed class LockHandleOnElasticsearchWithOneSilo(OneSiloOnElasticsearch cluster) : LockHandleTests(cluster);

[Collection(ThreeSilosOnElasticsearchCollection.Name)]
public sealed class LockHandleOnElasticsearchWithThreeSilos(ThreeSilosOnElasticsearch cluster) : LockHandleTests(cluster);

[Collection(OneSiloOnMemoryCollection.Name)]
public sealed class MultiLockOnMemoryWithOneSilo(OneSiloOnMemory cluster) : MultiLockTests(cluster);

[Collection(ThreeSilosOnMemoryCollection.Name)]
public sealed class MultiLockOnMemoryWithThreeSilos(ThreeSilosOnMemory cluster) : MultiLockTests(cluster);

[Collection(OneSiloOnElasticsearchCollection.Name)]
public sealed class MultiLockOnElasticsearchWithOneSilo(OneSiloOnElasticsearch cluster) : MultiLockTests(cluster);

[Collection(ThreeSilosOnElasticsearchCollection.Name)]
public sealed class MultiLockOnElasticsearchWithThreeSilos(ThreeSilosOnElasticsearch cluster) : MultiLockTests(cluster);

[Collection(LockInstrumentsCollection.Name)]
public sealed class ObservabilityOnMemoryWithOneSilo(OneSiloOnMemory cluster) : ObservabilityTests(cluster), IClassFixture<OneSiloOnMemory>;

[Collection(LockInstrumentsCollection.Name)]
public sealed class ObservabilityOnMemoryWithThreeSilos(ThreeSilosOnMemory cluster) : ObservabilityTests(cluster), IClassFixture<ThreeSilosOnMemory>;

[Collection(LockInstrumentsCollection.Name)]
public sealed class ObservabilityOnElasticsearchWithOneSilo(OneSiloOnElasticsearch cluster) : ObservabilityTests(cluster), IClassFixture<OneSiloOnElasticsearch>;

[Collection(LockInstrumentsCollection.Name)]
public sealed class ObservabilityOnElasticsearchWithThreeSilos(ThreeSilosOnElasticsearch cluster) : ObservabilityTests(cluster), IClassFixture<ThreeSilosOnElasticsearch>;

public sealed class SiloLossOnMemory() : SiloLossTests(LockStore.Memory);

public sealed class SiloLossOnElasticsearch() : SiloLossTests(LockStore.Elasticsearch);

public sealed class RestartOnMemory() : RestartTests(LockStore.Memory);

public sealed class RestartOnElasticsearch() : RestartTests(LockStore.Elasticsearch);

public sealed class ClusterHistoryOnMemory() : ClusterHistoryTests(LockStore.Memory);

public sealed class ClusterHistoryOnElasticsearch() : ClusterHistoryTests(LockStore.Elasticsearch);

public sealed class SplitClusterOnMemory() : SplitClusterTests(LockStore.Memory);

public sealed class SplitClusterOnElasticsearch() : SplitClusterTests(LockStore.Elasticsearch);

public sealed class ClientFailoverOnMemory() : ClientFailoverTests(LockStore.Memory);

public sealed class ClientFailoverOnElasticsearch() : ClientFailoverTests(LockStore.Elasticsearch);
