using Microsoft.Extensions.Options;

namespace Coordination.Runtime.Configuration;

/// <summary>Fails start-up with a message that names the bad setting and its allowed range.</summary>
public sealed class ActivationOptionsValidator : IValidateOptions<ActivationOptions>
{
    public ValidateOptionsResult Validate(string? name, ActivationOptions options)
    {
        var failures = new List<string>();
        var (ageMinimum, ageMaximum) = (TimeSpan.FromSeconds(1), TimeSpan.FromDays(30));
        OptionRules.Range(failures, $"{ActivationOptions.SectionName}:CollectionAge", options.CollectionAge, ageMinimum, ageMaximum);
        OptionRules.RangeUpTo(failures, $"{ActivationOptions.SectionName}:CollectionQuantum", options.CollectionQuantum, TimeSpan.FromMilliseconds(1), options.CollectionAge, ageMinimum, ageMaximum);
        OptionRules.Range(failures, $"{ActivationOptions.SectionName}:DeactivationTimeout", options.DeactivationTimeout, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(10));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
