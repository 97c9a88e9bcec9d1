// One concrete class per suite and store: xunit runs each abstract suite's tests once per store.

namespace Coordination.Grains.Tests;

public sealed class AcquireTestsOnMemory : Coordination.Grains.Tests.Grain.AcquireTests
{
    protected override LockStore Store => LockStore.Memory;
}

public sealed class AcquireTestsOnElasticsearch : Coordination.Grains.Tests.Grain.AcquireTests
{
    protected override LockStore Store => LockStore.Elasticsearch;
}

public sealed class WaitingAcquireTestsOnMemory : Coordination.Grains.Tests.Grain.WaitingAcquireTests
{
    protected override LockStore Store => LockStore.Memory;
}

public sealed class WaitingAcquireTestsOnElasticsearch : Coordination.Grains.Tests.Grain.WaitingAcquireTests
{
    protected override LockStore Store => LockStore.Elasticsearch;
}

public sealed class LeaseTestsOnMemory : Coordination.Grains.Tests.Grain.LeaseTests
{
    protected override LockStore Store => LockStore.Memory;
}

public sealed class LeaseTestsOnElasticsearch : Coordination.Grains.Tests.Grain.LeaseTests
{
    protected override LockStore Store => LockStore.Elasticsearch;
}

public sealed class ValidationTestsOnMemory : Coordination.Grains.Tests.Grain.ValidationTests
{
    protected override LockStore Store => LockStore.Memory;
}

public sealed class ValidationTestsOnElasticsearch : Coordination.Grains.Tests.Grain.ValidationTests
{
    protected override LockStore Store => LockStore.Elasticsearch;
}

public sealed class StoreFaultTestsOnMemory : Coordination.Grains.Tests.Grain.StoreFaultTests
{
    protected override LockStore Store => LockStore.Memory;
}

public sealed class StoreFaultTestsOnElasticsearch : Coordination.Grains.Tests.Grain.StoreFaultTests
{
    protected override LockStore Store => LockStore.Elasticsearch;
}

public sealed class HistoryTestsOnMemory : Coordination.Grains.Tests.Grain.HistoryTests
{
    protected override LockStore Store => LockStore.Memory;
}

public sealed class HistoryTestsOnElasticsearch : Coordination.Grains.Tests.Grain.HistoryTests
{
    protected override LockStore Store => LockStore.Elasticsearch;
}

public sealed class ObservabilityTestsOnMemory : Coordination.Grains.Tests.Grain.ObservabilityTests
{
    protected override LockStore Store => LockStore.Memory;
}

public sealed class ObservabilityTestsOnElasticsearch : Coordination.Grains.Tests.Grain.ObservabilityTests
{
    protected override LockStore Store => LockStore.Elasticsearch;
}

public sealed class LockHandleTestsOnMemory : Coordination.Grains.Tests.Client.LockHandleTests
{
    protected override LockStore Store => LockStore.Memory;
}

public sealed class LockHandleTestsOnElasticsearch : Coordination.Grains.Tests.Client.LockHandleTests
{
    protected override LockStore Store => LockStore.Elasticsearch;
}

public sealed class MultiLockTestsOnMemory : Coordination.Grains.Tests.Client.MultiLockTests
{
    protected override LockStore Store => LockStore.Memory;
}

public sealed class MultiLockTestsOnElasticsearch : Coordination.Grains.Tests.Client.MultiLockTests
{
    protected override LockStore Store => LockStore.Elasticsearch;
}

public sealed class SiloLossTestsOnMemory : Coordination.Grains.Tests.Cluster.SiloLossTests
{
    protected override LockStore Store => LockStore.Memory;
}

public sealed class SiloLossTestsOnElasticsearch : Coordination.Grains.Tests.Cluster.SiloLossTests
{
    protected override LockStore Store => LockStore.Elasticsearch;
}

public sealed class RestartTestsOnMemory : Coordination.Grains.Tests.Cluster.RestartTests
{
    protected override LockStore Store => LockStore.Memory;
}

public sealed class RestartTestsOnElasticsearch : Coordination.Grains.Tests.Cluster.RestartTests
{
    protected override LockStore Store => LockStore.Elasticsearch;
}

public sealed class SplitClusterTestsOnMemory : Coordination.Grains.Tests.Cluster.SplitClusterTests
{
    protected override LockStore Store => LockStore.Memory;
}

public sealed class SplitClusterTestsOnElasticsearch : Coordination.Grains.Tests.Cluster.SplitClusterTests
{
    protected override LockStore Store => LockStore.Elasticsearch;
}

public sealed class ClusterHistoryTestsOnMemory : Coordination.Grains.Tests.Cluster.ClusterHistoryTests
{
    protected override LockStore Store => LockStore.Memory;
}

public sealed class ClusterHistoryTestsOnElasticsearch : Coordination.Grains.Tests.Cluster.ClusterHistoryTests
{
    protected override LockStore Store => LockStore.Elasticsearch;
}

public sealed class ClientFailoverTestsOnMemory : Coordination.Grains.Tests.Cluster.ClientFailoverTests
{
    protected override LockStore Store => LockStore.Memory;
}

public sealed class ClientFailoverTestsOnElasticsearch : Coordination.Grains.Tests.Cluster.ClientFailoverTests
{
    protected override LockStore Store => LockStore.Elasticsearch;
}
