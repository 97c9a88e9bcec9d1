using Coordination.ElasticsearchEmulator;
using Coordination.Persistence.Elasticsearch;
using Elastic.Clients.Elasticsearch;

namespace Coordination.Testing.Elasticsearch;

/// <summary>
/// An Elasticsearch for one test: the in-process emulator, or the real cluster named by the environment
/// variable <see cref="RealClusterVariable"/>. On a real cluster each instance gets its own indices (and
/// templates), deleted on dispose, so tests never see each other's documents.
/// </summary>
public sealed class TestElasticsearch : IAsyncDisposable
{
    public const string RealClusterVariable = "COORDINATION_TEST_ES_URL";

    private readonly List<string> _indices = [];

    private TestElasticsearch(Uri url, EmulatorServer? emulator, string index)
    {
        Url = url;
        Emulator = emulator;
        Index = index;
    }

    /// <summary>The base URL of the cluster.</summary>
    public Uri Url { get; }

    /// <summary>The emulator, for fault injection and traffic counts; null against a real cluster.</summary>
    public EmulatorServer? Emulator { get; }

    /// <summary>The lock index this instance uses.</summary>
    public string Index { get; }

    /// <summary>The grain state index beside <see cref="Index"/>.</summary>
    public string GrainStateIndex => Index + ElasticsearchGrainStorageOptions.GrainStateIndexSuffix;

    /// <summary>The membership index this instance uses (beside the lock index, never the same).</summary>
    public string MembershipIndex => Index + "-membership";

    /// <summary>The real cluster's URL when one is configured.</summary>
    public static string? RealClusterUrl => Environment.GetEnvironmentVariable(RealClusterVariable) is { Length: > 0 } url ? url : null;

    public static bool UsesRealCluster => RealClusterUrl is not null;

    public static async Task<TestElasticsearch> StartAsync(EmulatorOptions? emulatorOptions = null, CancellationToken cancellationToken = default)
    {
        if (RealClusterUrl is { } real)
        {
            return new TestElasticsearch(new Uri(real), null, "coordination-test-" + Guid.NewGuid().ToString("N")[..16]);
        }

        var emulator = await EmulatorServer.StartAsync(emulatorOptions ?? new EmulatorOptions(), cancellationToken);
        return new TestElasticsearch(emulator.Url, emulator, ElasticsearchGrainStorageOptions.DefaultIndex);
    }

    /// <summary>Points connection settings at this cluster, with a timeout that suits tests.</summary>
    public void ConfigureConnection(ElasticsearchConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Urls = [Url.ToString()];
        options.RequestTimeout = TimeSpan.FromSeconds(10);
    }

    /// <summary>Connection settings for this cluster; <paramref name="configure"/> adjusts them.</summary>
    public ElasticsearchConnectionOptions ConnectionOptions(Action<ElasticsearchConnectionOptions>? configure = null)
    {
        var options = new ElasticsearchConnectionOptions();
        ConfigureConnection(options);
        configure?.Invoke(options);
        return options;
    }

    /// <summary>Grain storage on this cluster and this instance's indices, with no replicas (a test cluster has one node).</summary>
    public void ConfigureStorage(ElasticsearchGrainStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ConfigureConnection(options);
        options.Index = Index;
        options.NumberOfReplicas = 0;
    }

    /// <summary>Grain storage settings as <see cref="ConfigureStorage"/> makes them; <paramref name="configure"/> adjusts them.</summary>
    public ElasticsearchGrainStorageOptions StorageOptions(Action<ElasticsearchGrainStorageOptions>? configure = null)
    {
        var options = new ElasticsearchGrainStorageOptions();
        ConfigureStorage(options);
        configure?.Invoke(options);
        return options;
    }

    /// <summary>Clustering on this cluster and this instance's membership index.</summary>
    public void ConfigureClustering(ElasticsearchClusteringOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ConfigureConnection(options.Connection);
        options.Index = MembershipIndex;
    }

    /// <summary>
    /// Another lock index of this instance, for a second storage: <see cref="Index"/> and <paramref name="suffix"/>.
    /// On a real cluster it is deleted on dispose, with its grain state index and their templates.
    /// </summary>
    public string OtherIndex(string suffix)
    {
        var index = $"{Index}-{suffix}";
        _indices.Add(index);
        return index;
    }

    /// <summary>An official client of this cluster, built from the connection settings as the providers build theirs, for tests that look at the documents themselves.</summary>
    public ElasticsearchClient CreateClient(Action<ElasticsearchConnectionOptions>? configure = null) =>
        new(ElasticsearchClientSettingsFactory.Create(ConnectionOptions(configure)));

    public async ValueTask DisposeAsync()
    {
        if (Emulator is not null)
        {
            await Emulator.DisposeAsync();
            return;
        }

        using var client = new ElasticsearchConnection(ConnectionOptions());
        var others = _indices.SelectMany(i => new[] { i, i + ElasticsearchGrainStorageOptions.GrainStateIndexSuffix });
        foreach (var index in new[] { Index, GrainStateIndex, MembershipIndex }.Concat(others))
        {
            await client.DeleteIndexAsync(index);
            await client.DeleteIndexTemplateAsync(index);
        }
    }
}
