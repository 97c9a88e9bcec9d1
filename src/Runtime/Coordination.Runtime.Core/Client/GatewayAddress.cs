using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace Coordination.Client;

/// <summary>Parses gateway addresses written as <c>host:port</c>: an IPv4 address, <c>[IPv6]</c>, or a host name.</summary>
public static class GatewayAddress
{
    /// <exception cref="FormatException">Not a <c>host:port</c>; the message says what is wrong.</exception>
    public static EndPoint Parse(string text) =>
        TryParse(text, out var endpoint, out var problem) ? endpoint : throw new FormatException($"The gateway {problem}");

    /// <param name="problem">When false: what is wrong, phrased to follow the setting's name ("is 'x'; use host:port ...").</param>
    public static bool TryParse(string? text, [NotNullWhen(true)] out EndPoint? endpoint, out string problem)
    {
        endpoint = null;
        problem = string.Empty;
        var value = text?.Trim() ?? string.Empty;
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
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        if (IPAddress.TryParse(host, out var address))
        {
            endpoint = new IPEndPoint(address, port);
            return true;
        }

        if (Uri.CheckHostName(host) != UriHostNameType.Dns)
        {
            problem = $"is '{text}'; '{host}' is neither an IP address nor a host name.";
            return false;
        }

        endpoint = new DnsEndPoint(host, port);
        return true;
    }

    /// <summary>The <c>host:port</c> form of <paramref name="endpoint"/>.</summary>
    public static string Format(EndPoint endpoint) => endpoint switch
    {
        DnsEndPoint named => string.Create(CultureInfo.InvariantCulture, $"{named.Host}:{named.Port}"),
        _ => endpoint.ToString() ?? string.Empty,
    };
}
