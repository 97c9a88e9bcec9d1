using System.Collections.Concurrent;
using Medallion.Threading.Redis;
using StackExchange.Redis;

namespace Coordination.Benchmarks.Peers;

/// <summary>
/// DistributedLock.Redis as its README shows it: one <see cref="RedisDistributedLock"/> per key on a
/// StackExchange.Redis connection, <c>TryAcquireAsync</c> with a zero timeout to try, <c>AcquireAsync</c> to wait (the
/// library polls, sleeping a random 10 to 800 ms between tries by default), disposing the handle to release (a script:
/// delete the key if it still holds this handle's id).
/// </summary>
internal sealed class RedisPeer : IPeerLock
{
    private readonly ConcurrentDictionary<string, RedisDistributedLock> _locks = new();
    private readonly ConcurrentDictionary<string, long> _setsBeforeWaiting = new();
    private readonly RedisServer _server;
    private readonly ConnectionMultiplexer _connection;
    private readonly IDatabase _database;

    private RedisPeer(RedisServer server, ConnectionMultiplexer connection)
    {
        _server = server;
        _connection = connection;
        _database = connection.GetDatabase();
    }

    public string System => "distributedlock-redis";

    /// <exception cref="PeerUnavailableException">redis-server is not installed or would not start.</exception>
    public static async Task<RedisPeer> StartAsync()
    {
        var server = await RedisServer.StartAsync();
        try
        {
            return new RedisPeer(server, await ConnectionMultiplexer.ConnectAsync(server.Configuration));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask<PeerHandle?> TryAcquireAsync(string key, string owner)
    {
        var handle = await Lock(key).TryAcquireAsync(TimeSpan.Zero);
        return handle is null ? null : new Handle(key, owner, handle);
    }

    public async Task<PeerHandle> AcquireWaitingAsync(string key, string owner, CancellationToken cancellationToken)
    {
        // A waiter shows itself only by its tries: each is a SET ... NX, and the holder sends none while it holds.
        _setsBeforeWaiting[key] = _server.Calls("set");
        return new Handle(key, owner, await Lock(key).AcquireAsync(cancellationToken: cancellationToken));
    }

    public async Task<bool> HasWaiterAsync(string key)
    {
        if (_setsBeforeWaiting.TryGetValue(key, out var before) && _server.Calls("set") > before)
        {
            return true;
        }

        // INFO is not free for the server either: look again in a millisecond.
        await Task.Delay(1);
        return false;
    }

    public ValueTask ReleaseAsync(PeerHandle handle) => ((Handle)handle).Lock.DisposeAsync();

    /// <summary>
    /// The requests this connection sent to redis-server. Not the server's <c>total_commands_processed</c>: that also
    /// counts the commands the release script runs inside the server (a GET and a DEL per EVALSHA).
    /// </summary>
    public long? StoreRequests() => _connection.GetCounters().Interactive.OperationCount;

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _server.DisposeAsync();
    }

    private RedisDistributedLock Lock(string key) => _locks.GetOrAdd(key, static (k, database) => new RedisDistributedLock(k, database), _database);

    private sealed record Handle(string Key, string Owner, RedisDistributedLockHandle Lock) : PeerHandle(Key, Owner);
}
