using Coordination.Runtime.Configuration;
using Microsoft.Extensions.Options;

namespace Coordination.Runtime.Messaging;

/// <summary>Fails start-up with a message that names the bad setting and its allowed range.</summary>
public sealed class MessagingOptionsValidator : IValidateOptions<MessagingOptions>
{
    public ValidateOptionsResult Validate(string? name, MessagingOptions options)
    {
        var failures = new List<string>();
        const string section = MessagingOptions.SectionName;
        OptionRules.Range(failures, $"{section}:MaxFrameSize", options.MaxFrameSize, 1024, 256 * 1024 * 1024);
        OptionRules.Range(failures, $"{section}:ConnectTimeout", options.ConnectTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(5));
        OptionRules.Range(failures, $"{section}:ReconnectDelay", options.ReconnectDelay, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(1));
        OptionRules.Range(failures, $"{section}:MaxReconnectDelay", options.MaxReconnectDelay, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(10));
        OptionRules.Range(failures, $"{section}:DrainTimeout", options.DrainTimeout, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        OptionRules.Range(failures, $"{section}:MaxForwardCount", options.MaxForwardCount, 0, 10);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
