using System.Collections.Concurrent;
using System.Text.Json;

namespace Coordination.Testing;

/// <summary>
/// Grain state kept in the test process rather than in any silo, so that it outlives silos that a test kills or
/// restarts (Orleans' memory storage lives in a silo and dies with it). Records are kept as JSON, so silos never
/// share object references, and every write is a compare-and-set on an etag that changes with each write.
/// </summary>
/// <remarks>
/// Test clusters whose silos are built from configuration (TestCluster configurators have no constructor
/// arguments) find their store by name with <see cref="Named"/>.
/// </remarks>
public sealed class SharedGrainStore
{
    private static readonly ConcurrentDictionary<string, SharedGrainStore> s_named = new(StringComparer.Ordinal);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string Json, string Etag)> _records = new(StringComparer.Ordinal);
    private long _etagSequence;
    private long _reads;
    private long _writes;

    /// <summary>The store registered under <paramref name="name"/>, created on first use.</summary>
    public static SharedGrainStore Named(string name) => s_named.GetOrAdd(name, _ => new SharedGrainStore());

    /// <summary>Forgets the store registered under <paramref name="name"/>, once its test is done with it.</summary>
    public static void Forget(string name) => s_named.TryRemove(name, out _);

    /// <summary>Reads attempted, whatever their outcome.</summary>
    public long Reads => Interlocked.Read(ref _reads);

    /// <summary>Writes and clears attempted, whatever their outcome.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>The stored JSON and etag of <paramref name="key"/>; false when there is no record.</summary>
    public bool TryRead(string key, out string json, out string etag)
    {
        Interlocked.Increment(ref _reads);
        lock (_gate)
        {
            if (_records.TryGetValue(key, out var record))
            {
                (json, etag) = record;
                return true;
            }
        }

        (json, etag) = (string.Empty, string.Empty);
        return false;
    }

    /// <summary>
    /// Stores <paramref name="value"/> if the record's etag is still <paramref name="expectedEtag"/> (null: no
    /// record). Returns the new etag, or null with the current etag when the precondition failed.
    /// </summary>
    public string? TryWrite<T>(string key, T value, string? expectedEtag, out string? currentEtag)
    {
        Interlocked.Increment(ref _writes);
        var json = JsonSerializer.Serialize(value);
        lock (_gate)
        {
            currentEtag = _records.TryGetValue(key, out var record) ? record.Etag : null;
            if (!string.Equals(currentEtag, expectedEtag, StringComparison.Ordinal))
            {
                return null;
            }

            var etag = NextEtag();
            _records[key] = (json, etag);
            return etag;
        }
    }

    /// <summary>Removes the record if its etag is still <paramref name="expectedEtag"/>; false (with the current etag) otherwise.</summary>
    public bool TryClear(string key, string? expectedEtag, out string? currentEtag)
    {
        Interlocked.Increment(ref _writes);
        lock (_gate)
        {
            currentEtag = _records.TryGetValue(key, out var record) ? record.Etag : null;
            if (!string.Equals(currentEtag, expectedEtag, StringComparison.Ordinal))
            {
                return false;
            }

            _records.Remove(key);
            return true;
        }
    }

    private string NextEtag() => (++_etagSequence).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
