using Coordination.Runtime.Configuration;
using Microsoft.Extensions.Options;

namespace Coordination.Client;

/// <summary>Fails start-up with a message that names the bad setting and what is allowed.</summary>
public sealed class ClusterClientOptionsValidator : IValidateOptions<ClusterClientOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterClientOptions options)
    {
        var failures = new List<string>();
        OptionRules.ClusterId(failures, $"{ClusterClientOptions.SectionName}:ClusterId", options.ClusterId);
        OptionRules.NotEmpty(failures, $"{ClusterClientOptions.SectionName}:ClientName", options.ClientName);
        OptionRules.Range(failures, $"{ClusterClientOptions.SectionName}:GatewayListRefreshInterval", options.GatewayListRefreshInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));
        for (var i = 0; i < options.Gateways.Count; i++)
        {
            if (!GatewayAddress.TryParse(options.Gateways[i], out _, out var problem))
            {
                failures.Add($"{ClusterClientOptions.SectionName}:Gateways:{i} {problem}");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
