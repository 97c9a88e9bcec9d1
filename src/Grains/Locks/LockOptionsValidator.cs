using Coordination.Runtime.Configuration;
using Microsoft.Extensions.Options;

namespace Coordination.Locks;

/// <summary>Fails start-up with a message that names the bad setting and its allowed range.</summary>
public sealed class LockOptionsValidator : IValidateOptions<LockOptions>
{
    public ValidateOptionsResult Validate(string? name, LockOptions options)
    {
        var failures = new List<string>();
        var (minimum, maximum) = (TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(7));
        OptionRules.Range(failures, $"{LockOptions.SectionName}:MaxLease", options.MaxLease, minimum, maximum);
        OptionRules.RangeUpTo(failures, $"{LockOptions.SectionName}:DefaultLease", options.DefaultLease, minimum, options.MaxLease, minimum, maximum);
        OptionRules.Range(failures, $"{LockOptions.SectionName}:MaxWait", options.MaxWait, TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1));
        OptionRules.Range(failures, $"{LockOptions.SectionName}:MaxQueueLength", options.MaxQueueLength, 1, 1_000_000);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
