using System.Globalization;
using Coordination.Runtime.Messaging;

namespace Coordination.Runtime.Membership;

/// <summary>
/// A membership table in this process's memory, shared by the silos of a test cluster. Same semantics as
/// the durable one: compare-and-set on the whole table, etags never reused.
/// </summary>
public sealed class InMemoryMembershipTable : IMembershipTable
{
    private readonly object _gate = new();
    private readonly Dictionary<SiloAddress, DateTimeOffset> _heartbeats = [];
    private MembershipTableData _data = MembershipTableData.Empty;
    private long _etag;

    public Task<MembershipSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var etag = _etag == 0 ? null : _etag.ToString(CultureInfo.InvariantCulture);
            var heartbeats = _heartbeats.Where(h => _data.Find(h.Key) is { Status: not SiloStatus.Dead }).ToDictionary();
            return Task.FromResult(new MembershipSnapshot(_data, etag, heartbeats));
        }
    }

    public Task<bool> TryWriteAsync(MembershipTableData data, string? expectedEtag, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var current = _etag == 0 ? null : _etag.ToString(CultureInfo.InvariantCulture);
            if (!string.Equals(current, expectedEtag, StringComparison.Ordinal))
            {
                return Task.FromResult(false);
            }

            _data = data;
            _etag++;
            return Task.FromResult(true);
        }
    }

    public Task WriteHeartbeatAsync(SiloAddress silo, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_heartbeats.TryGetValue(silo, out var last) || at > last)
            {
                _heartbeats[silo] = at;
            }
        }

        return Task.CompletedTask;
    }

    public Task DeleteHeartbeatsAsync(IReadOnlyCollection<SiloAddress> silos, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            foreach (var silo in silos)
            {
                _heartbeats.Remove(silo);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>How many heartbeats the table holds, whatever the state of their silos; for tests.</summary>
    public int HeartbeatCount
    {
        get
        {
            lock (_gate)
            {
                return _heartbeats.Count;
            }
        }
    }
}
