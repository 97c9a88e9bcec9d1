using Coordination.Runtime.Messaging;

namespace Coordination.Runtime.Messaging;

/// <summary>
/// Which silo-to-silo links are cut. In production none is; test clusters cut and heal links to prove that a
/// split cluster never grants a lock twice. A cut link refuses new connections both ways and closes open ones.
/// </summary>
public sealed class NetworkPartitions
{
    private readonly object _gate = new();
    private readonly HashSet<(SiloAddress, SiloAddress)> _cut = [];
    private readonly List<Action<SiloAddress, SiloAddress>> _onCut = [];

    public bool Allows(SiloAddress from, SiloAddress to)
    {
        lock (_gate)
        {
            return _cut.Count == 0 || !_cut.Contains(Key(from, to));
        }
    }

    /// <summary>Cuts the link between two silos (both directions) and closes any open connection on it.</summary>
    public void Cut(SiloAddress a, SiloAddress b)
    {
        Action<SiloAddress, SiloAddress>[] listeners;
        lock (_gate)
        {
            _cut.Add(Key(a, b));
            listeners = [.. _onCut];
        }

        foreach (var listener in listeners)
        {
            listener(a, b);
        }
    }

    public void Heal(SiloAddress a, SiloAddress b)
    {
        lock (_gate)
        {
            _cut.Remove(Key(a, b));
        }
    }

    /// <summary>Called with both ends of every link that gets cut.</summary>
    public void OnCut(Action<SiloAddress, SiloAddress> listener)
    {
        lock (_gate)
        {
            _onCut.Add(listener);
        }
    }

    private static (SiloAddress, SiloAddress) Key(SiloAddress a, SiloAddress b) =>
        string.CompareOrdinal(a.ToString(), b.ToString()) <= 0 ? (a, b) : (b, a);
}
