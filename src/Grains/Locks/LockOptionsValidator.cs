using Coordination.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Storage;

namespace Coordination.Locks;

/// <summary>
/// Stops a silo at start-up when its lock settings are out of range, or when no grain storage is registered
/// under <see cref="LockOptions.StorageName"/>; each message names the setting and how to fix it.
/// </summary>
public sealed class LockOptionsValidator(IOptions<LockOptions> options, IServiceProvider services) : IConfigurationValidator
{
    public void ValidateConfiguration()
    {
        var failures = Validate(options.Value);
        if (failures.Count == 0 && services.GetKeyedService<IGrainStorage>(options.Value.StorageName) is null)
        {
            failures.Add(
                $"Coordination locks keep their state in the grain storage provider named '{options.Value.StorageName}' "
                + $"({LockOptions.SectionName}:StorageName), and this silo has none. Register one that honours etags, for example "
                + $"siloBuilder.AddMemoryGrainStorage(\"{options.Value.StorageName}\") for a single development silo, or "
                + $"siloBuilder.AddElasticsearchGrainStorage(\"{options.Value.StorageName}\", ...) for a cluster.");
        }

        if (failures.Count > 0)
        {
            throw new OrleansConfigurationException(string.Join(Environment.NewLine, failures));
        }
    }

    /// <summary>The problems with <paramref name="options"/>, each naming the setting and its allowed range.</summary>
    public static List<string> Validate(LockOptions options)
    {
        var failures = new List<string>();
        var (minimum, maximum) = (TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(7));
        OptionRules.NotEmpty(failures, $"{LockOptions.SectionName}:StorageName", options.StorageName);
        OptionRules.Range(failures, $"{LockOptions.SectionName}:MaxLease", options.MaxLease, minimum, maximum);
        OptionRules.RangeUpTo(failures, $"{LockOptions.SectionName}:DefaultLease", options.DefaultLease, minimum, options.MaxLease, minimum, maximum);
        OptionRules.Range(failures, $"{LockOptions.SectionName}:MaxWait", options.MaxWait, TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1));
        OptionRules.Range(failures, $"{LockOptions.SectionName}:MaxQueueLength", options.MaxQueueLength, 1, 1_000_000);
        return failures;
    }
}
