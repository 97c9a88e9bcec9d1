using Microsoft.Extensions.Options;

namespace Coordination.Runtime.Configuration;

/// <summary>Fails start-up with a message that names the bad setting and what is allowed.</summary>
public sealed class SiloOptionsValidator : IValidateOptions<SiloOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloOptions options)
    {
        var failures = new List<string>();
        OptionRules.NotEmpty(failures, $"{SiloOptions.SectionName}:SiloName", options.SiloName);
        OptionRules.ClusterId(failures, $"{SiloOptions.SectionName}:ClusterId", options.ClusterId);

        OptionRules.Range(failures, $"{SiloOptions.SectionName}:SiloPort", options.SiloPort, 0, 65535);
        OptionRules.Range(failures, $"{SiloOptions.SectionName}:GatewayPort", options.GatewayPort, 0, 65535);
        if (options.SiloPort != 0 && options.SiloPort == options.GatewayPort)
        {
            failures.Add($"{SiloOptions.SectionName}:SiloPort and GatewayPort are both {options.SiloPort}; silos and clients need a port each, such as 11111 and 30000.");
        }
        if (!System.Net.IPAddress.TryParse(options.ListenAddress, out _))
        {
            failures.Add($"{SiloOptions.SectionName}:ListenAddress is '{options.ListenAddress}'; use an IP address such as 0.0.0.0 or 127.0.0.1.");
        }

        if (!System.Net.IPAddress.TryParse(options.AdvertisedAddress, out var advertised) || advertised.Equals(System.Net.IPAddress.Any) || advertised.Equals(System.Net.IPAddress.IPv6Any))
        {
            failures.Add($"{SiloOptions.SectionName}:AdvertisedAddress is '{options.AdvertisedAddress}'; use the IP address other silos reach this one at, such as 10.0.0.5.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
