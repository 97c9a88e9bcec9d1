using System.Net;
using System.Net.Sockets;

namespace Coordination.Benchmarks.Harness;

/// <summary>Free loopback ports, so a benchmark's servers never collide with one running on this machine.</summary>
internal static class LoopbackPort
{
    public static int Free()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
