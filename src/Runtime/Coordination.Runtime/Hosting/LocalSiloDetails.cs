using System.Net;
using Coordination.Runtime.Configuration;
using Coordination.Runtime.Messaging;
using Microsoft.Extensions.Options;

namespace Coordination.Runtime.Hosting;

/// <summary>Who this silo is: its name, cluster and address.</summary>
public sealed class LocalSiloDetails
{
    public LocalSiloDetails(IOptions<SiloOptions> options, TimeProvider clock)
    {
        Name = options.Value.SiloName;
        ClusterId = options.Value.ClusterId;
        // Until the silo listens on a port, its address is a loopback placeholder; the generation still
        // tells restarts apart.
        Address = new SiloAddress(new IPEndPoint(IPAddress.Loopback, 0), clock.GetUtcNow().UtcTicks);
    }

    public string Name { get; }

    public string ClusterId { get; }

    public SiloAddress Address { get; internal set; }
}
