using Microsoft.Extensions.Options;

namespace Coordination.Runtime.Configuration;

/// <summary>Fails start-up with a message that names the bad setting and its allowed range.</summary>
public sealed class GrainCallOptionsValidator : IValidateOptions<GrainCallOptions>
{
    public ValidateOptionsResult Validate(string? name, GrainCallOptions options)
    {
        var failures = new List<string>();
        var (minimum, maximum) = (TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1));
        OptionRules.Range(failures, $"{GrainCallOptions.SectionName}:CallTimeout", options.CallTimeout, minimum, maximum);
        OptionRules.RangeUpTo(failures, $"{GrainCallOptions.SectionName}:DeadlineCheckInterval", options.DeadlineCheckInterval, minimum, options.CallTimeout, minimum, maximum);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
