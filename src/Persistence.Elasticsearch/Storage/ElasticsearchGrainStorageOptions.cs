using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>
/// Where and how a named Elasticsearch grain storage keeps grain state, and how it reaches the cluster (the
/// inherited connection settings). Every property binds from one flat configuration section.
/// </summary>
public sealed class ElasticsearchGrainStorageOptions : ElasticsearchConnectionOptions
{
    /// <summary>The lock index used when none is configured.</summary>
    public const string DefaultIndex = "coordination-locks";

    /// <summary>What <see cref="GrainStateIndex"/> adds to <see cref="Index"/>.</summary>
    public const string GrainStateIndexSuffix = "-grain-state";

    /// <summary>
    /// The index of the lock documents: one per lock key (grain type <c>lock</c>, state name <c>lock</c>), whose
    /// <c>_id</c> is the key. Default <c>coordination-locks</c>. It must be a valid index name and stay clear of
    /// Elasticsearch's built-in data-stream patterns (<c>logs-*-*</c> and the like).
    /// </summary>
    public string Index { get; set; } = DefaultIndex;

    /// <summary>
    /// The index of every other grain state: <see cref="Index"/> followed by <c>-grain-state</c>. It is a separate
    /// index because a lock key may be any string, so no id scheme inside the lock index could keep other state
    /// from colliding with some lock.
    /// </summary>
    public string GrainStateIndex => Index + GrainStateIndexSuffix;

    /// <summary>Primary shards of each index. Default 1; 1 to 1024.</summary>
    public int NumberOfShards { get; set; } = 1;

    /// <summary>Replicas of each shard. Default 1; 0 to 16.</summary>
    public int NumberOfReplicas { get; set; } = 1;

    /// <summary>How often new writes become searchable (no state read ever searches). Default <c>1s</c>; an Elasticsearch time value, or <c>-1</c>.</summary>
    public string RefreshInterval { get; set; } = "1s";

    /// <summary>Refresh policy of writes. Default <see cref="RefreshPolicy.None"/>: reads by id are realtime anyway.</summary>
    public RefreshPolicy WriteRefresh { get; set; } = RefreshPolicy.None;

    /// <summary>How long start-up waits for the cluster to be at least yellow. Default 30 seconds; 0 (no wait) to 10 minutes.</summary>
    public TimeSpan StartupHealthTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The silo lifecycle stage at which the templates are installed and the indices created. Default
    /// <see cref="Orleans.ServiceLifecycleStage.ApplicationServices"/>, where Orleans' own storage providers initialise.
    /// </summary>
    public int InitStage { get; set; } = Orleans.ServiceLifecycleStage.ApplicationServices;

    /// <summary>
    /// How grain state becomes a document. Default <see cref="DefaultSerializerOptions"/>: snake_case fields and
    /// enum names, the field names the lock index template maps. Never bound from configuration.
    /// </summary>
    public JsonSerializerOptions SerializerOptions { get; set; } = DefaultSerializerOptions;

    /// <summary>snake_case property names, enums as their names, public fields included.</summary>
    public static JsonSerializerOptions DefaultSerializerOptions { get; } = CreateDefaultSerializerOptions();

    private static JsonSerializerOptions CreateDefaultSerializerOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            Converters = { new JsonStringEnumConverter() },
            IncludeFields = true,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };

        // Shared by every storage that keeps the default; nobody may change it under them.
        options.MakeReadOnly();
        return options;
    }
}
