using Coordination.ElasticsearchEmulator.Engine;
using Coordination.ElasticsearchEmulator.Errors;

namespace Coordination.ElasticsearchEmulator;

/// <summary>The envelopes of injected rejections, shaped like a busy or degraded node's answers.</summary>
internal static class FaultResponses
{
    public static EsException TooManyRequests(EmulatorOperations operation, string nodeName)
    {
        var pool = operation switch
        {
            EmulatorOperations.Search => ("search", 1000),
            EmulatorOperations.Get => ("get", 1000),
            EmulatorOperations.Other => ("management", 100),
            _ => ("write", 10000),
        };
        return new EsException(429, "es_rejected_execution_exception",
            $"rejected execution of org.elasticsearch.common.util.concurrent.TimedRunnable@1b2c3d4e on EsThreadPoolExecutor[name = {nodeName}/{pool.Item1}, queue capacity = {pool.Item2}, org.elasticsearch.common.util.concurrent.EsThreadPoolExecutor@5f6a7b8c[Running, pool size = 2, active threads = 2, queued tasks = {pool.Item2}, completed tasks = 1024]]");
    }

    public static EsException ShardUnavailable(Cluster cluster, string? indexName, string? id)
    {
        var index = indexName is null ? null : cluster.FindIndex(indexName);
        var shardId = index is not null && id is not null ? index.ShardFor(id, null).ShardId : 0;
        var name = index?.Name ?? indexName ?? "_na_";
        var failure = new EsException(503, "unavailable_shards_exception",
            $"[{name}][{shardId}] primary shard is not active Timeout: [1m], request: [BulkShardRequest [[{name}][{shardId}]] containing [1] requests]");
        return indexName is null ? failure : failure.WithShard(index?.Uuid ?? "_na_", shardId, name);
    }
}
