using System.Net;
using System.Net.Sockets;

namespace Coordination.Persistence.Elasticsearch.Tests;

internal static class Ports
{
    /// <summary>A loopback port nothing listens on (it was free a moment ago), so connecting to it is refused.</summary>
    public static int Closed() => Free();

    /// <summary>A loopback port that was free a moment ago, for a silo to listen on.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
