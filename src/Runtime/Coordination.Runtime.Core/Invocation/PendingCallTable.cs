using Coordination.Invocation;

namespace Coordination.Runtime.Invocation;

/// <summary>
/// The calls a runtime has sent and not yet seen answered. It assigns correlation ids and deadlines, fails
/// calls whose deadline passes (they are never resent), and finds remote calls by correlation id when
/// their response arrives. Requests are linked into striped lists intrusively, so tracking a call
/// allocates nothing.
/// </summary>
public sealed class PendingCallTable : IPendingCallRegistry, IDisposable
{
    private readonly Shard[] _shards;
    private readonly int _mask;
    private readonly TimeProvider _clock;
    private readonly ITimer _sweepTimer;
    private long _lastCorrelationId;

    public PendingCallTable(TimeProvider clock, TimeSpan deadlineCheckInterval)
    {
        _clock = clock;
        var shardCount = (int)Math.Min(256, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(8, Environment.ProcessorCount * 4)));
        _shards = new Shard[shardCount];
        for (var i = 0; i < shardCount; i++)
        {
            _shards[i] = new Shard();
        }

        _mask = shardCount - 1;
        _sweepTimer = clock.CreateTimer(static state => ((PendingCallTable)state!).FailOverdueCalls(), this, deadlineCheckInterval, deadlineCheckInterval);
    }

    /// <summary>Number of calls awaiting an answer.</summary>
    public int Count
    {
        get
        {
            var total = 0;
            foreach (var shard in _shards)
            {
                lock (shard)
                {
                    total += shard.Count;
                }
            }

            return total;
        }
    }

    /// <summary>Starts tracking <paramref name="request"/>: gives it a correlation id and a deadline.</summary>
    /// <param name="findable">True for calls sent to another process, whose response must be matched by id.</param>
    public void Register(GrainRequest request, TimeSpan timeout, bool findable)
    {
        var id = Interlocked.Increment(ref _lastCorrelationId);
        request.CorrelationId = id;
        request.Timeout = timeout;
        request.DeadlineTimestamp = Timestamps.After(_clock, timeout);
        request.PendingRegistry = this;
        var index = (int)(id & _mask);
        var shard = _shards[index];
        lock (shard)
        {
            request.PendingShard = index;
            request.PendingPrevious = null;
            request.PendingNext = shard.Head;
            if (shard.Head is not null)
            {
                shard.Head.PendingPrevious = request;
            }

            shard.Head = request;
            shard.Count++;
            if (findable)
            {
                shard.ById[id] = request;
            }
        }
    }

    /// <summary>Makes a tracked call findable by correlation id: it is about to leave this process.</summary>
    public void MakeFindable(GrainRequest request)
    {
        var index = request.PendingShard;
        if (index < 0)
        {
            return;
        }

        var shard = _shards[index];
        lock (shard)
        {
            if (request.PendingShard == index)
            {
                shard.ById[request.CorrelationId] = request;
            }
        }
    }

    /// <summary>Finds a call sent to another process by the correlation id its response carries.</summary>
    public GrainRequest? Find(long correlationId)
    {
        var shard = _shards[(int)(correlationId & _mask)];
        lock (shard)
        {
            return shard.ById.TryGetValue(correlationId, out var request) ? request : null;
        }
    }

    void IPendingCallRegistry.Remove(GrainRequest request)
    {
        var index = request.PendingShard;
        if (index < 0)
        {
            return;
        }

        var shard = _shards[index];
        lock (shard)
        {
            if (request.PendingShard < 0)
            {
                return;
            }

            if (request.PendingPrevious is null)
            {
                shard.Head = request.PendingNext;
            }
            else
            {
                request.PendingPrevious.PendingNext = request.PendingNext;
            }

            if (request.PendingNext is not null)
            {
                request.PendingNext.PendingPrevious = request.PendingPrevious;
            }

            request.PendingPrevious = null;
            request.PendingNext = null;
            request.PendingShard = -1;
            shard.Count--;
            shard.ById.Remove(request.CorrelationId);
        }
    }

    /// <summary>Fails every tracked call that matches, for example all calls to a silo that died.</summary>
    public int FailWhere(Func<GrainRequest, bool> predicate, Func<GrainRequest, Exception> error)
    {
        var matched = Collect(predicate);
        var failed = 0;
        foreach (var request in matched)
        {
            if (request.Fail(error(request)))
            {
                failed++;
            }
        }

        return failed;
    }

    /// <summary>Fails every call whose deadline has passed. Runs on the sweep timer; public for tests.</summary>
    public void FailOverdueCalls()
    {
        var now = _clock.GetTimestamp();
        var expired = FailWhere(
            request => request.DeadlineTimestamp <= now,
            request => GrainCallTimeoutException.For(request.Target, request.InterfaceName, request.MethodName, request.Timeout));
        if (expired > 0)
        {
            Diagnostics.RuntimeInstruments.CallTimeouts.Add(expired);
        }
    }

    public void Dispose() => _sweepTimer.Dispose();

    private List<GrainRequest> Collect(Func<GrainRequest, bool> predicate)
    {
        var matched = new List<GrainRequest>();
        foreach (var shard in _shards)
        {
            lock (shard)
            {
                for (var request = shard.Head; request is not null; request = request.PendingNext)
                {
                    if (predicate(request))
                    {
                        matched.Add(request);
                    }
                }
            }
        }

        // Failing completes the request, which removes it from its shard: do it outside the locks.
        return matched;
    }

    private sealed class Shard
    {
        public GrainRequest? Head;
        public int Count;
        public readonly Dictionary<long, GrainRequest> ById = [];
    }
}
