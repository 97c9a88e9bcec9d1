namespace Coordination.ElasticsearchEmulator.Engine;

/// <summary>The settings the emulator acts on, read from the flat settings of an index.</summary>
internal sealed class IndexSettings
{
    public static readonly TimeSpan DefaultRefreshInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DefaultGcDeletes = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan DefaultSearchIdleAfter = TimeSpan.FromSeconds(30);

    private IndexSettings(IReadOnlyDictionary<string, object> flat)
    {
        Flat = flat;
        NumberOfShards = SettingsTree.ReadInt(flat, "index.number_of_shards", 1, 1);
        if (NumberOfShards > 1024)
        {
            throw Errors.EsErrors.IllegalArgument($"Failed to parse value [{NumberOfShards}] for setting [index.number_of_shards] must be <= 1024");
        }

        NumberOfReplicas = SettingsTree.ReadInt(flat, "index.number_of_replicas", 1, 0);
        RoutingNumShards = SettingsTree.ReadInt(flat, "index.number_of_routing_shards", ShardRouting.DefaultRoutingNumShards(NumberOfShards), 1);
        if (RoutingNumShards % NumberOfShards != 0)
        {
            throw Errors.EsErrors.IllegalArgument($"the number of source shards [{NumberOfShards}] must be a factor of [{RoutingNumShards}]");
        }

        IsExplicitRefresh = flat.ContainsKey("index.refresh_interval");
        RefreshInterval = SettingsTree.ReadTime(flat, "index.refresh_interval", DefaultRefreshInterval);
        GcDeletes = SettingsTree.ReadTime(flat, "index.gc_deletes", DefaultGcDeletes) ?? TimeSpan.MaxValue;
        SearchIdleAfter = SettingsTree.ReadTime(flat, "index.search.idle.after", DefaultSearchIdleAfter);
        MaxResultWindow = SettingsTree.ReadInt(flat, "index.max_result_window", 10000, 1);
        Hidden = flat.TryGetValue("index.hidden", out var hidden) && hidden as string == "true";
    }

    public IReadOnlyDictionary<string, object> Flat { get; }

    public int NumberOfShards { get; }

    public int NumberOfReplicas { get; }

    public int RoutingNumShards { get; }

    /// <summary>Null when refresh is disabled (<c>-1</c>).</summary>
    public TimeSpan? RefreshInterval { get; }

    /// <summary>Search-idle shards skip scheduled refreshes only when the refresh interval was not set explicitly.</summary>
    public bool IsExplicitRefresh { get; }

    public TimeSpan GcDeletes { get; }

    public TimeSpan? SearchIdleAfter { get; }

    public int MaxResultWindow { get; }

    public bool Hidden { get; }

    /// <summary>Copies on a single node: the primary is active, replicas can never be assigned.</summary>
    public int TotalCopies => NumberOfReplicas + 1;

    public static IndexSettings From(IReadOnlyDictionary<string, object> flat) => new(flat);
}
