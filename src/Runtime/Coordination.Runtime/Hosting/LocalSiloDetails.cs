using System.Net;
using Coordination.Runtime.Configuration;
using Coordination.Runtime.Messaging;
using Microsoft.Extensions.Options;

namespace Coordination.Runtime.Hosting;

/// <summary>Who this silo is: its name, cluster and address.</summary>
public sealed class LocalSiloDetails
{
    private static long s_lastGeneration;

    public LocalSiloDetails(IOptions<SiloOptions> options)
    {
        Name = options.Value.SiloName;
        ClusterId = options.Value.ClusterId;
        Generation = NextGeneration();
        // The port is known once the silo listens; until then the address carries the configured one.
        Address = new SiloAddress(new IPEndPoint(IPAddress.Parse(options.Value.AdvertisedAddress), options.Value.SiloPort), Generation);
    }

    /// <summary>Tells this process's silos apart from earlier ones on the same endpoint: wall-clock ticks, strictly increasing.</summary>
    public long Generation { get; }

    public string Name { get; }

    public string ClusterId { get; }

    public SiloAddress Address { get; internal set; }

    /// <summary>Where clients connect to this silo: the advertised address and the bound gateway port; null until it listens.</summary>
    public IPEndPoint? GatewayEndpoint { get; private set; }

    /// <summary>Records the gateway port the listener actually bound.</summary>
    internal void GatewayBoundTo(int port) => GatewayEndpoint = new IPEndPoint(Address.Endpoint.Address, port);

    /// <summary>Records the port the listener actually bound (it differs when the configured one is 0).</summary>
    internal void BoundTo(int port) => Address = Address with { Endpoint = new IPEndPoint(Address.Endpoint.Address, port) };

    private static long NextGeneration()
    {
        // A generation is an identity, not a timing input: real wall-clock time, even under a test clock.
        while (true)
        {
            var last = Interlocked.Read(ref s_lastGeneration);
            var next = Math.Max(DateTime.UtcNow.Ticks, last + 1);
            if (Interlocked.CompareExchange(ref s_lastGeneration, next, last) == last)
            {
                return next;
            }
        }
    }
}
