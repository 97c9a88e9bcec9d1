using Microsoft.Extensions.Options;

namespace Coordination.Runtime.Configuration;

/// <summary>Fails start-up with a message that names the bad setting and what is allowed.</summary>
public sealed class SiloOptionsValidator : IValidateOptions<SiloOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloOptions options)
    {
        var failures = new List<string>();
        OptionRules.NotEmpty(failures, $"{SiloOptions.SectionName}:SiloName", options.SiloName);
        OptionRules.NotEmpty(failures, $"{SiloOptions.SectionName}:ClusterId", options.ClusterId);
        if (!string.IsNullOrEmpty(options.ClusterId)
            && (options.ClusterId.Length > 64 || !options.ClusterId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            failures.Add($"{SiloOptions.SectionName}:ClusterId is '{options.ClusterId}'; use at most 64 letters, digits, '-', '_' or '.'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
