using System.Collections.Concurrent;
using Coordination.Benchmarks.Harness;
using Coordination.Benchmarks.Scenarios;
using Coordination.ElasticsearchEmulator;
using Coordination.Locks;

namespace Coordination.Benchmarks.Peers;

/// <summary>
/// Our lock service as an application uses it: a silo in this process (on Orleans' memory storage, or on an
/// Elasticsearch emulator of its own over HTTP), called through an Orleans client over the loopback gateway.
/// </summary>
internal sealed class CoordinationPeer : IPeerLock
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, ILockGrain> _grains = new();
    private readonly EmulatorServer? _emulator;
    private readonly BenchSilo _silo;
    private readonly BenchClient _client;

    private CoordinationPeer(string system, EmulatorServer? emulator, BenchSilo silo, BenchClient client)
    {
        System = system;
        _emulator = emulator;
        _silo = silo;
        _client = client;
    }

    public string System { get; }

    public static async Task<CoordinationPeer> StartAsync(BenchStore store)
    {
        var emulator = store == BenchStore.Elasticsearch ? await EmulatorServer.StartAsync() : null;
        BenchSilo? silo = null;
        try
        {
            silo = await BenchSilo.StartWithLocksAsync(emulator);
            var client = await silo.ConnectClientAsync();
            return new CoordinationPeer(emulator is null ? "coordination-memory" : "coordination-elasticsearch", emulator, silo, client);
        }
        catch
        {
            if (silo is not null)
            {
                await silo.DisposeAsync();
            }

            if (emulator is not null)
            {
                await emulator.DisposeAsync();
            }

            throw;
        }
    }

    public async ValueTask<PeerHandle?> TryAcquireAsync(string key, string owner)
    {
        var result = await Grain(key).TryAcquire(owner, Lease);
        return result.Acquired ? new PeerHandle(key, owner, result.FencingToken) : null;
    }

    public async Task<PeerHandle> AcquireWaitingAsync(string key, string owner, CancellationToken cancellationToken)
    {
        var result = await Grain(key).Acquire(owner, WaitTimeout, Lease, cancellationToken);
        return result.Acquired
            ? new PeerHandle(key, owner, result.FencingToken)
            : throw new BenchmarkInvalidException($"{owner} waited for {key} and was answered {result.Outcome}, holder {result.Holder}.");
    }

    public async Task<bool> HasWaiterAsync(string key) => (await Grain(key).GetStatus()).QueueLength > 0;

    public async ValueTask ReleaseAsync(PeerHandle handle)
    {
        if (!await Grain(handle.Key).Release(handle.Owner, handle.FencingToken!.Value))
        {
            throw new BenchmarkInvalidException($"{handle.Owner} could not release {handle.Key} at token {handle.FencingToken}.");
        }
    }

    /// <summary>
    /// The emulator's requests, or the memory storage's reads and writes from Orleans' storage metrics (which count
    /// every silo in this process: only the system being driven is busy).
    /// </summary>
    public long? StoreRequests() => _emulator is not null ? _emulator.Stats.Snapshot().Total : _silo.Store.Reads + _silo.Store.Writes;

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        await _silo.DisposeAsync();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }

    private ILockGrain Grain(string key) => _grains.GetOrAdd(key, static (k, client) => client.GetGrain<ILockGrain>(k), _client);
}
