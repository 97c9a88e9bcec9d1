using System.Collections.Concurrent;
using Coordination.Benchmarks.Harness;
using Coordination.ElasticsearchEmulator;
using Elastic.Clients.Elasticsearch;
using Elastic.Transport.Products.Elasticsearch;

namespace Coordination.Benchmarks.Peers;

/// <summary>
/// What a team writes for a lock on Elasticsearch from a blog post, with the official client, each on an emulator of
/// its own so that the emulator's request counts are the recipe's. There is no waiting acquire: a waiter tries again
/// every 50 ms, as a user would write it.
/// </summary>
internal abstract class ElasticsearchRecipe : IPeerLock
{
    protected const string Index = "locks";
    protected static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(50);
    private readonly ConcurrentDictionary<string, bool> _waiting = new();
    private readonly EmulatorServer _emulator;

    protected ElasticsearchRecipe(EmulatorServer emulator)
    {
        _emulator = emulator;
        Client = new ElasticsearchClient(new ElasticsearchClientSettings(emulator.Url));
    }

    public abstract string System { get; }

    protected ElasticsearchClient Client { get; }

    public static async Task<TRecipe> StartAsync<TRecipe>(Func<EmulatorServer, TRecipe> create)
        where TRecipe : ElasticsearchRecipe => create(await EmulatorServer.StartAsync());

    public abstract ValueTask<PeerHandle?> TryAcquireAsync(string key, string owner);

    public abstract ValueTask ReleaseAsync(PeerHandle handle);

    public async Task<PeerHandle> AcquireWaitingAsync(string key, string owner, CancellationToken cancellationToken)
    {
        _waiting[key] = false;
        while (true)
        {
            if (await TryAcquireAsync(key, owner) is { } handle)
            {
                return handle;
            }

            _waiting[key] = true;
            await Task.Delay(RetryInterval, cancellationToken);
        }
    }

    public Task<bool> HasWaiterAsync(string key) => Task.FromResult(_waiting.TryGetValue(key, out var waiting) && waiting);

    public long? StoreRequests() => _emulator.Stats.Snapshot().Total;

    public ValueTask DisposeAsync() => _emulator.DisposeAsync();

    /// <summary>A 409 is the answer "someone else got there first"; anything else unexpected ends the run.</summary>
    protected static bool Conflicted(ElasticsearchResponse response, string what) =>
        response.IsValidResponse ? false
        : response.ApiCallDetails.HttpStatusCode == 409 ? true
        : throw new BenchmarkInvalidException($"{what}: {response.DebugInformation}");
}

/// <summary>The lock document both recipes write.</summary>
internal sealed record LockDocument(string? Owner, DateTimeOffset? ExpiresAt);

/// <summary>
/// Acquire = index the lock document with <c>op_type=create</c> (a 409 means it is held); release = delete it. No
/// fencing token, no queue, and no expiry: a holder that dies leaves the lock held until someone deletes it.
/// </summary>
internal sealed class CreateDeleteRecipe(EmulatorServer emulator) : ElasticsearchRecipe(emulator)
{
    public override string System => "es-create-delete";

    public override async ValueTask<PeerHandle?> TryAcquireAsync(string key, string owner)
    {
        var created = await Client.IndexAsync(new IndexRequest<LockDocument>(new LockDocument(owner, DateTimeOffset.UtcNow + Lease), Index, key)
        {
            OpType = OpType.Create,
        });
        return Conflicted(created, $"create {key}") ? null : new PeerHandle(key, owner);
    }

    public override async ValueTask ReleaseAsync(PeerHandle handle)
    {
        var deleted = await Client.DeleteAsync(new DeleteRequest(Index, handle.Key));
        if (!deleted.IsValidResponse)
        {
            throw new BenchmarkInvalidException($"delete {handle.Key}: {deleted.DebugInformation}");
        }
    }
}

/// <summary>
/// Acquire = get the lock document, then, when it is missing, create it, or when it is free or expired, overwrite
/// it with <c>if_seq_no</c>/<c>if_primary_term</c> from the read (a 409 means another caller won); release = the same
/// compare-and-set write marking it free. No fencing token (unless the user adds one) and no queue; a lease that
/// expires lets the next caller in, whether or not the old holder has stopped.
/// </summary>
internal sealed class CasRecipe(EmulatorServer emulator) : ElasticsearchRecipe(emulator)
{
    public override string System => "es-cas";

    public override async ValueTask<PeerHandle?> TryAcquireAsync(string key, string owner)
    {
        var now = DateTimeOffset.UtcNow;
        var current = await Client.GetAsync<LockDocument>(new GetRequest(Index, key));
        if (!current.IsValidResponse && current.ApiCallDetails.HttpStatusCode != 404)
        {
            throw new BenchmarkInvalidException($"get {key}: {current.DebugInformation}");
        }

        var claim = new IndexRequest<LockDocument>(new LockDocument(owner, now + Lease), Index, key);
        if (!current.Found)
        {
            claim.OpType = OpType.Create;
        }
        else if (current.Source?.Owner is null || current.Source.ExpiresAt < now)
        {
            claim.IfSeqNo = current.SeqNo;
            claim.IfPrimaryTerm = current.PrimaryTerm;
        }
        else
        {
            return null;
        }

        var written = await Client.IndexAsync(claim);
        return Conflicted(written, $"claim {key}") ? null : new Handle(key, owner, written.SeqNo!.Value, written.PrimaryTerm!.Value);
    }

    public override async ValueTask ReleaseAsync(PeerHandle handle)
    {
        var held = (Handle)handle;
        var freed = await Client.IndexAsync(new IndexRequest<LockDocument>(new LockDocument(null, null), Index, held.Key)
        {
            IfSeqNo = held.SeqNo,
            IfPrimaryTerm = held.PrimaryTerm,
        });
        if (Conflicted(freed, $"free {held.Key}"))
        {
            throw new BenchmarkInvalidException($"{held.Owner} lost {held.Key} before releasing it (the lease is a minute).");
        }
    }

    private sealed record Handle(string Key, string Owner, long SeqNo, long PrimaryTerm) : PeerHandle(Key, Owner);
}
