using Coordination.Configuration;
using System.Text;
using Orleans;
using Orleans.Runtime;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>
/// Checks a named Elasticsearch grain storage's settings when the silo starts, and stops it with one message that
/// names every bad setting, what it is and what would be accepted.
/// </summary>
/// <param name="options">The storage's settings.</param>
/// <param name="name">The storage's name, for the message.</param>
/// <param name="services">Where the client named by <see cref="ElasticsearchConnectionOptions.ClientServiceKey"/> must be registered.</param>
public sealed class ElasticsearchGrainStorageOptionsValidator(ElasticsearchGrainStorageOptions options, string name, IServiceProvider? services = null) : IConfigurationValidator
{
    /// <exception cref="OrleansConfigurationException">A setting is invalid; the message lists them all.</exception>
    public void ValidateConfiguration()
    {
        var failures = Validate(options).ToList();
        SettingRules.ClientService(failures, options, services);
        if (failures.Count > 0)
        {
            throw new OrleansConfigurationException($"Invalid settings for Elasticsearch grain storage \"{name}\": {string.Join(" ", failures)}");
        }
    }

    /// <summary>Every rule <paramref name="options"/> breaks, one message each; empty when they are valid.</summary>
    public static IReadOnlyList<string> Validate(ElasticsearchGrainStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        SettingRules.Connection(failures, options);
        IndexNameRules.Validate(failures, "Index", options.Index, ElasticsearchGrainStorageOptions.DefaultIndex);
        if (!string.IsNullOrEmpty(options.Index) && Encoding.UTF8.GetByteCount(options.GrainStateIndex) > 255)
        {
            failures.Add(
                $"Index is '{options.Index}'; the grain state index beside it, '{options.GrainStateIndex}', would be over Elasticsearch's 255 bytes: use a shorter name.");
        }

        OptionRules.Range(failures, "NumberOfShards", options.NumberOfShards, 1, 1024);
        OptionRules.Range(failures, "NumberOfReplicas", options.NumberOfReplicas, 0, 16);
        OptionRules.Range(failures, "StartupHealthTimeout", options.StartupHealthTimeout, TimeSpan.Zero, TimeSpan.FromMinutes(10));
        SettingRules.RefreshInterval(failures, "RefreshInterval", options.RefreshInterval);
        if (!Enum.IsDefined(options.WriteRefresh))
        {
            failures.Add($"WriteRefresh is {options.WriteRefresh}; use None, Immediate or WaitFor.");
        }

        if (options.SerializerOptions is null)
        {
            failures.Add("SerializerOptions is null; leave it at its default or give the JSON options grain state is written with.");
        }

        return failures;
    }
}
