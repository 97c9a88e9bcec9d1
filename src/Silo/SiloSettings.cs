using System.Net;
using Coordination.Configuration;

namespace Coordination.Silo;

/// <summary>Who the silo is and where it listens. Bound from <c>Coordination:Silo</c>, mapped onto Orleans' options.</summary>
internal sealed class SiloSettings
{
    public const string SectionName = "Coordination:Silo";

    /// <summary>Orleans' service id; clients and silos of one deployment share it, and it never changes.</summary>
    public const string ServiceId = "coordination";

    /// <summary>A name for logs and metrics. Default: the machine name.</summary>
    public string SiloName { get; set; } = Environment.MachineName;

    /// <summary>Silos and clients talk only within one cluster id. Default <c>dev</c>; letters, digits, '-', '_' and '.', at most 64.</summary>
    public string ClusterId { get; set; } = "dev";

    /// <summary>The port other silos connect to. Default 11111; 0 picks a free port at start-up.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>The port clients connect to. Default 30000; 0 picks a free port at start-up.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// The address the silo and gateway ports listen on. Default <c>127.0.0.1</c>: silo and gateway ports have
    /// no authentication yet, so listening beyond this machine is a deliberate choice (for example <c>0.0.0.0</c>).
    /// </summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>The address other silos and clients reach this one at, recorded in the membership table. Default <c>127.0.0.1</c>.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    public IPAddress Listen => IPAddress.Parse(ListenAddress);

    public IPAddress Advertised => IPAddress.Parse(AdvertisedAddress);

    public List<string> Validate()
    {
        var failures = new List<string>();
        OptionRules.NotEmpty(failures, $"{SectionName}:SiloName", SiloName);
        OptionRules.ClusterId(failures, $"{SectionName}:ClusterId", ClusterId);
        OptionRules.Range(failures, $"{SectionName}:SiloPort", SiloPort, 0, 65535);
        OptionRules.Range(failures, $"{SectionName}:GatewayPort", GatewayPort, 0, 65535);
        if (SiloPort != 0 && SiloPort == GatewayPort)
        {
            failures.Add($"{SectionName}:SiloPort and GatewayPort are both {SiloPort}; silos and clients need a port each, such as 11111 and 30000.");
        }

        if (!IPAddress.TryParse(ListenAddress, out _))
        {
            failures.Add($"{SectionName}:ListenAddress is '{ListenAddress}'; use an IP address such as 127.0.0.1, or 0.0.0.0 for every interface.");
        }

        if (!IPAddress.TryParse(AdvertisedAddress, out var advertised) || advertised.Equals(IPAddress.Any) || advertised.Equals(IPAddress.IPv6Any))
        {
            failures.Add($"{SectionName}:AdvertisedAddress is '{AdvertisedAddress}'; use the IP address other silos reach this one at, such as 10.0.0.5.");
        }

        return failures;
    }
}
