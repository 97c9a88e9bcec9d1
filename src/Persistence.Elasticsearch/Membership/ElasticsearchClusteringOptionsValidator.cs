using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>
/// Checks the Elasticsearch clustering settings when a silo or client starts, and stops it with one message that
/// names every bad setting, what it is and what would be accepted.
/// </summary>
public sealed class ElasticsearchClusteringOptionsValidator(IServiceProvider services) : IConfigurationValidator
{
    // The heartbeat ids add "/heartbeat/" and a silo address (at most about 60 bytes) to the cluster id, and an id
    // may have 512 bytes.
    private const int MaxClusterIdBytes = 256;

    /// <exception cref="OrleansConfigurationException">A setting is invalid; the message lists them all.</exception>
    public void ValidateConfiguration()
    {
        var options = services.GetRequiredService<IOptions<ElasticsearchClusteringOptions>>().Value;
        var clusterId = services.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId;
        var storageIndices = services.GetServices<ElasticsearchGrainStorageName>()
            .Select(s => services.GetRequiredService<IOptionsMonitor<ElasticsearchGrainStorageOptions>>().Get(s.Name))
            .SelectMany(s => new[] { s.Index, s.GrainStateIndex });
        var failures = Validate(options, clusterId, storageIndices).ToList();
        SettingRules.ClientService(failures, options.Connection, services, "Connection:");
        if (failures.Count > 0)
        {
            throw new OrleansConfigurationException($"Invalid settings for Elasticsearch clustering: {string.Join(" ", failures)}");
        }
    }

    /// <summary>Every rule the settings break, one message each; empty when they are valid.</summary>
    /// <param name="storageIndices">The indices of the silo's Elasticsearch grain storages, which the membership index must not be.</param>
    public static IReadOnlyList<string> Validate(ElasticsearchClusteringOptions options, string? clusterId, IEnumerable<string>? storageIndices = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        SettingRules.Connection(failures, options.Connection, "Connection:");
        IndexNameRules.Validate(failures, "Index", options.Index, ElasticsearchClusteringOptions.DefaultIndex);
        if (storageIndices?.FirstOrDefault(i => string.Equals(i, options.Index, StringComparison.Ordinal)) is { } clash)
        {
            failures.Add($"Index is '{clash}', an index of Elasticsearch grain storage in this silo; give the membership table its own index, such as {ElasticsearchClusteringOptions.DefaultIndex}.");
        }

        if (string.IsNullOrEmpty(clusterId) || clusterId.Contains('/', StringComparison.Ordinal) || Encoding.UTF8.GetByteCount(clusterId) > MaxClusterIdBytes)
        {
            failures.Add($"ClusterId (Orleans ClusterOptions) is '{clusterId}'; the Elasticsearch membership table needs a non-empty cluster id without '/', of at most {MaxClusterIdBytes} UTF-8 bytes.");
        }

        return failures;
    }
}
