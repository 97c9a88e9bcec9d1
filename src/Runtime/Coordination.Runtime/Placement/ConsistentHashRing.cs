using System.Globalization;
using Coordination.Runtime.Messaging;

namespace Coordination.Runtime.Placement;

/// <summary>
/// A consistent-hash ring of silos: each silo sits at many points (virtual nodes), and a grain belongs to the
/// first silo clockwise from its stable hash. When a silo joins or leaves, only the grains next to its points
/// move. Every silo computes the same ring from the same set of silos.
/// </summary>
public sealed class ConsistentHashRing
{
    public const int VirtualNodesPerSilo = 64;

    private readonly uint[] _points;
    private readonly SiloAddress[] _owners;

    public ConsistentHashRing(IEnumerable<SiloAddress> silos)
    {
        var points = silos
            .SelectMany(silo => Enumerable.Range(0, VirtualNodesPerSilo)
                .Select(i => (Hash: StableHash.Compute(silo.ToString(), i.ToString(CultureInfo.InvariantCulture)), Silo: silo)))
            .OrderBy(p => p.Hash)
            .ThenBy(p => p.Silo.ToString(), StringComparer.Ordinal)
            .ToArray();
        _points = [.. points.Select(p => p.Hash)];
        _owners = [.. points.Select(p => p.Silo)];
    }

    public bool IsEmpty => _points.Length == 0;

    /// <summary>The silo owning <paramref name="hash"/>; null on an empty ring.</summary>
    public SiloAddress? Owner(uint hash)
    {
        if (_points.Length == 0)
        {
            return null;
        }

        var index = Array.BinarySearch(_points, hash);
        if (index < 0)
        {
            index = ~index;
        }

        return _owners[index == _points.Length ? 0 : index];
    }
}
