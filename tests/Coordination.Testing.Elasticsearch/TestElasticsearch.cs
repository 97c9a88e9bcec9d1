using Coordination.ElasticsearchEmulator;
using Coordination.Persistence.Elasticsearch;

namespace Coordination.Testing.Elasticsearch;

/// <summary>
/// An Elasticsearch for one test: the in-process emulator, or the real cluster named by the environment
/// variable <see cref="RealClusterVariable"/>. On a real cluster each instance gets its own index (and
/// template), deleted on dispose, so tests never see each other's documents.
/// </summary>
public sealed class TestElasticsearch : IAsyncDisposable
{
    public const string RealClusterVariable = "COORDINATION_TEST_ES_URL";

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
        return new TestElasticsearch(emulator.Url, emulator, "coordination-locks");
    }

    /// <summary>Client settings for this cluster; <paramref name="configure"/> adjusts them.</summary>
    public ElasticsearchClientOptions ClientOptions(Action<ElasticsearchClientOptions>? configure = null)
    {
        var options = new ElasticsearchClientOptions();
        ConfigureClient(options);
        configure?.Invoke(options);
        return options;
    }

    /// <summary>Points <paramref name="options"/> at this cluster, with a timeout that suits tests.</summary>
    public void ConfigureClient(ElasticsearchClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Urls = [Url.ToString()];
        options.RequestTimeout = TimeSpan.FromSeconds(10);
    }

    public ElasticsearchStorageOptions StorageOptions() => new() { Index = Index, NumberOfReplicas = 0 };

    public async ValueTask DisposeAsync()
    {
        if (Emulator is not null)
        {
            await Emulator.DisposeAsync();
            return;
        }

        using var client = new ElasticsearchClient(ClientOptions());
        foreach (var index in new[] { Index, MembershipIndex })
        {
            await client.DeleteIndexAsync(index);
            await client.DeleteIndexTemplateAsync(index);
        }
    }
}
