namespace Coordination.Persistence.Elasticsearch;

/// <summary>
/// The cluster's nodes, handed out round-robin. Nodes that could not be connected to are skipped until
/// their cooldown ends; when every node is skipped, the one that has waited longest is tried anyway.
/// </summary>
internal sealed class ElasticsearchNodePool(IReadOnlyList<ElasticsearchNode> nodes)
{
    private int _next = -1;

    public IReadOnlyList<ElasticsearchNode> Nodes { get; } = nodes;

    /// <summary>The next node to try, skipping those in <paramref name="alreadyTried"/>; null when all were tried.</summary>
    public ElasticsearchNode? Next(DateTimeOffset now, IReadOnlyCollection<ElasticsearchNode> alreadyTried)
    {
        var start = Interlocked.Increment(ref _next);
        ElasticsearchNode? longestDead = null;
        for (var i = 0; i < Nodes.Count; i++)
        {
            var node = Nodes[(int)((uint)(start + i) % (uint)Nodes.Count)];
            if (alreadyTried.Contains(node))
            {
                continue;
            }

            if (node.IsAliveAt(now))
            {
                return node;
            }

            if (longestDead is null || node.DeadUntil < longestDead.DeadUntil)
            {
                longestDead = node;
            }
        }

        return longestDead;
    }
}
