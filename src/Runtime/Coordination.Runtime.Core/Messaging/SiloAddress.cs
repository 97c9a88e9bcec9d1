using System.Globalization;
using System.Net;

namespace Coordination.Runtime.Messaging;

/// <summary>
/// A silo's identity: the endpoint it listens on plus a generation number taken at start-up, so a
/// restarted process on the same endpoint is a different silo.
/// </summary>
public sealed record SiloAddress(IPEndPoint Endpoint, long Generation)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Endpoint}@{Generation}");

    /// <summary>Parses the form written by <see cref="ToString"/>, e.g. <c>10.0.0.5:11111@638712345678</c>.</summary>
    public static SiloAddress Parse(string text)
    {
        var at = text.LastIndexOf('@');
        if (at <= 0 || !IPEndPoint.TryParse(text[..at], out var endpoint)
            || !long.TryParse(text[(at + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var generation))
        {
            throw new FormatException($"'{text}' is not a silo address of the form host:port@generation.");
        }

        return new SiloAddress(endpoint, generation);
    }
}
