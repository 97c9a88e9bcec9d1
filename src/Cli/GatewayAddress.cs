using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace Coordination.Cli;

/// <summary>A gateway as written with <c>--gateway</c>: <c>host:port</c>, where host is an IPv4 address, <c>[IPv6]</c> or a host name.</summary>
/// <param name="Text">As the user wrote it, for messages.</param>
/// <param name="Host">The address or name, without IPv6 brackets.</param>
internal sealed record GatewayAddress(string Text, string Host, int Port)
{
    public const string Default = "127.0.0.1:30000";

    /// <param name="problem">When false: what is wrong, worded to follow the option's name ("is 'x'; use host:port ...").</param>
    public static bool TryParse(string text, [NotNullWhen(true)] out GatewayAddress? gateway, out string problem)
    {
        gateway = null;
        problem = string.Empty;
        var value = text.Trim();
        var colon = value.LastIndexOf(':');
        if (colon <= 0 || colon == value.Length - 1)
        {
            problem = $"is '{text}'; use host:port, such as 127.0.0.1:30000 or silo-1.internal:30000.";
            return false;
        }

        if (!int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            problem = $"is '{text}'; its port must be a number from 1 to 65535.";
            return false;
        }

        var host = value[..colon];
        var bracketed = host.Length > 2 && host[0] == '[' && host[^1] == ']';
        if (bracketed)
        {
            host = host[1..^1];
        }

        // An IPv6 address needs its brackets: without them, "::1:30000" could be read with the port as part of the address.
        var isAddress = IPAddress.TryParse(host, out var address);
        if ((isAddress && address!.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && !bracketed)
            || (!isAddress && Uri.CheckHostName(host) != UriHostNameType.Dns))
        {
            problem = $"is '{text}'; '{host}' is neither an IPv4 address, a bracketed [IPv6] address nor a host name.";
            return false;
        }

        gateway = new GatewayAddress(value, host, port);
        return true;
    }

    public override string ToString() => Text;
}
