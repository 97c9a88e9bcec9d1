using Coordination.ElasticsearchEmulator.Errors;

namespace Coordination.ElasticsearchEmulator.Engine;

/// <summary>
/// One primary shard: its sequence-number counter, primary term, the realtime view (latest state per id, tombstones
/// included) and the searchable view that only moves on refresh. All state changes happen under one lock, which is
/// what makes the per-shard sequence numbers gap-free and CAS checks atomic.
/// </summary>
internal sealed class Shard
{
    // Elasticsearch forces a refresh when this many refresh=wait_for listeners are queued (index.max_refresh_listeners).
    private const int MaxRefreshListeners = 1000;

    private readonly object _gate = new();
    private readonly Dictionary<string, StoredDocument> _latest = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredDocument> _searchable = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredDocument> _pending = new(StringComparer.Ordinal);
    private List<TaskCompletionSource<bool>>? _refreshWaiters;
    private long _nextSeqNo;
    private long _visibleUpToSeqNo = -1;
    private long _primaryTerm = 1;
    private DateTimeOffset _lastSearcherAccess;
    private DateTimeOffset _lastTombstonePrune;
    private int _tombstones;

    public Shard(EmulatedIndex index, int shardId, DateTimeOffset createdAt)
    {
        Index = index;
        ShardId = shardId;
        _lastSearcherAccess = createdAt;
    }

    public EmulatedIndex Index { get; }

    public int ShardId { get; }

    public long PrimaryTerm
    {
        get
        {
            lock (_gate)
            {
                return _primaryTerm;
            }
        }
    }

    public int PendingRefreshListeners
    {
        get
        {
            lock (_gate)
            {
                return _refreshWaiters?.Count ?? 0;
            }
        }
    }

    /// <summary>A new primary took over: later operations carry the higher term; existing documents keep theirs.</summary>
    public long BumpPrimaryTerm()
    {
        lock (_gate)
        {
            return ++_primaryTerm;
        }
    }

    public WriteOutcome IndexDocument(IndexOperation op, DateTimeOffset now, TimeSpan gcDeletes)
    {
        lock (_gate)
        {
            var current = CurrentLocked(op.Id, now, gcDeletes);
            var notFoundOrDeleted = current is null || current.IsDeleted;
            var currentVersion = current?.Version ?? Versions.NotFound;
            var failure = CheckPreconditions(op.Id, current, notFoundOrDeleted, currentVersion, op.IfSeqNo, op.IfPrimaryTerm, op.VersionType, op.IsCreate ? Versions.MatchDeleted : op.Version);
            if (failure is not null)
            {
                return new WriteOutcome(null, false, failure);
            }

            if (current is { IsDeleted: true })
            {
                _tombstones--;
            }

            var document = new StoredDocument
            {
                Id = op.Id,
                Version = VersionTypes.UpdateVersion(op.VersionType, currentVersion, op.Version),
                SeqNo = _nextSeqNo++,
                PrimaryTerm = _primaryTerm,
                Source = op.Source,
                SourceElement = op.SourceElement,
                Routing = op.Routing,
            };
            _latest[op.Id] = document;
            _pending[op.Id] = document;
            return new WriteOutcome(document, notFoundOrDeleted, null);
        }
    }

    public WriteOutcome DeleteDocument(DeleteOperation op, DateTimeOffset now, TimeSpan gcDeletes)
    {
        // Indices without periodic refresh never tick, so deletes also give expired tombstones a chance to go.
        PruneExpiredTombstones(now, gcDeletes);
        lock (_gate)
        {
            var current = CurrentLocked(op.Id, now, gcDeletes);
            var notFoundOrDeleted = current is null || current.IsDeleted;
            var currentVersion = current?.Version ?? Versions.NotFound;
            var failure = CheckPreconditions(op.Id, current, notFoundOrDeleted, currentVersion, op.IfSeqNo, op.IfPrimaryTerm, op.VersionType, op.Version);
            if (failure is not null)
            {
                return new WriteOutcome(null, false, failure);
            }

            // Even a delete of a missing document takes a sequence number and leaves a tombstone.
            var tombstone = new StoredDocument
            {
                Id = op.Id,
                Version = VersionTypes.UpdateVersion(op.VersionType, currentVersion, op.Version),
                SeqNo = _nextSeqNo++,
                PrimaryTerm = _primaryTerm,
                IsDeleted = true,
                Routing = op.Routing,
                DeletedAt = now,
            };
            if (current is not { IsDeleted: true })
            {
                _tombstones++;
            }

            _latest[op.Id] = tombstone;
            _pending[op.Id] = tombstone;
            return new WriteOutcome(tombstone, !notFoundOrDeleted, null);
        }
    }

    /// <summary>The checks of InternalEngine on the primary, in its order: CAS on a missing doc, CAS mismatch, version type.</summary>
    private EsException? CheckPreconditions(
        string id,
        StoredDocument? current,
        bool notFoundOrDeleted,
        long currentVersion,
        long ifSeqNo,
        long ifPrimaryTerm,
        VersionType versionType,
        long expectedVersion)
    {
        if (ifSeqNo != Versions.UnassignedSeqNo && notFoundOrDeleted)
        {
            return Conflict(id, $"required seqNo [{ifSeqNo}], primary term [{ifPrimaryTerm}]. but no document was found");
        }

        if (ifSeqNo != Versions.UnassignedSeqNo && (current!.SeqNo != ifSeqNo || current.PrimaryTerm != ifPrimaryTerm))
        {
            return Conflict(id, $"required seqNo [{ifSeqNo}], primary term [{ifPrimaryTerm}]. current document has seqNo [{current.SeqNo}] and primary term [{current.PrimaryTerm}]");
        }

        if (VersionTypes.IsConflictForWrites(versionType, currentVersion, expectedVersion, notFoundOrDeleted))
        {
            return Conflict(id, VersionTypes.ExplainConflictForWrites(versionType, currentVersion, expectedVersion));
        }

        return null;
    }

    public EsException Conflict(string id, string explanation) =>
        EsErrors.VersionConflict(Index.Name, Index.Uuid, ShardId, id, explanation);

    /// <summary>The latest state of an id, with tombstones older than gc_deletes forgotten.</summary>
    private StoredDocument? CurrentLocked(string id, DateTimeOffset now, TimeSpan gcDeletes)
    {
        if (!_latest.TryGetValue(id, out var document))
        {
            return null;
        }

        if (document.IsDeleted && now - document.DeletedAt > gcDeletes)
        {
            _latest.Remove(id);
            _tombstones--;
            return null;
        }

        return document;
    }

    /// <summary>
    /// Forgets tombstones older than gc_deletes, so ids that are deleted and never written again do not pile up.
    /// Like Elasticsearch, this runs at most every tenth of the gc_deletes period.
    /// </summary>
    public void PruneExpiredTombstones(DateTimeOffset now, TimeSpan gcDeletes)
    {
        lock (_gate)
        {
            if (_tombstones == 0 || gcDeletes == TimeSpan.MaxValue || now - _lastTombstonePrune < gcDeletes / 10)
            {
                return;
            }

            _lastTombstonePrune = now;
            List<string>? expired = null;
            foreach (var (id, document) in _latest)
            {
                if (document.IsDeleted && now - document.DeletedAt > gcDeletes)
                {
                    (expired ??= []).Add(id);
                }
            }

            if (expired is not null)
            {
                foreach (var id in expired)
                {
                    _latest.Remove(id);
                }

                _tombstones -= expired.Count;
            }
        }
    }

    /// <summary>Realtime read: the latest acknowledged state, tombstones read as missing.</summary>
    public StoredDocument? GetLive(string id)
    {
        lock (_gate)
        {
            return _latest.TryGetValue(id, out var document) && !document.IsDeleted ? document : null;
        }
    }

    /// <summary>Non-realtime read: only what the last refresh made visible.</summary>
    public StoredDocument? GetSearchable(string id)
    {
        lock (_gate)
        {
            return _searchable.TryGetValue(id, out var document) ? document : null;
        }
    }

    /// <summary>A copy of the searchable documents; marks the shard as searched (it is no longer search-idle).</summary>
    public List<StoredDocument> SearchSnapshot(DateTimeOffset now, TimeSpan? searchIdleAfter)
    {
        var refreshFirst = false;
        lock (_gate)
        {
            // A search-idle shard skipped its scheduled refreshes; Elasticsearch refreshes it before searching (it
            // waits for the next scheduled one, the emulator refreshes at once so the result is the same, sooner).
            if (searchIdleAfter is { } idle && now - _lastSearcherAccess >= idle && _pending.Count > 0)
            {
                refreshFirst = true;
            }

            _lastSearcherAccess = now;
        }

        if (refreshFirst)
        {
            Refresh();
        }

        lock (_gate)
        {
            return [.. _searchable.Values];
        }
    }

    /// <summary>The periodic refresh. Skipped on a search-idle shard unless a refresh=wait_for write is waiting.</summary>
    public void ScheduledRefresh(DateTimeOffset now, TimeSpan? searchIdleAfter)
    {
        lock (_gate)
        {
            var waiting = _refreshWaiters is { Count: > 0 };
            if (!waiting && searchIdleAfter is { } idle && now - _lastSearcherAccess >= idle)
            {
                return;
            }
        }

        Refresh();
    }

    /// <summary>Makes every acknowledged operation visible to search and releases refresh=wait_for writers.</summary>
    public bool Refresh()
    {
        List<TaskCompletionSource<bool>>? waiters;
        bool changed;
        lock (_gate)
        {
            foreach (var (id, document) in _pending)
            {
                if (document.IsDeleted)
                {
                    _searchable.Remove(id);
                }
                else
                {
                    _searchable[id] = document;
                }
            }

            changed = _pending.Count > 0;
            _pending.Clear();
            _visibleUpToSeqNo = _nextSeqNo - 1;
            waiters = _refreshWaiters;
            _refreshWaiters = null;
        }

        if (waiters is not null)
        {
            foreach (var waiter in waiters)
            {
                waiter.TrySetResult(false);
            }
        }

        return changed;
    }

    /// <summary>
    /// Completes once the operation with <paramref name="seqNo"/> is visible to search. The result is true when the
    /// emulator had to force a refresh because too many listeners were queued (reported as forced_refresh).
    /// </summary>
    public Task<bool> WaitForRefreshAsync(long seqNo, CancellationToken cancellationToken)
    {
        TaskCompletionSource<bool> waiter;
        lock (_gate)
        {
            if (seqNo <= _visibleUpToSeqNo)
            {
                return Task.FromResult(false);
            }

            if ((_refreshWaiters?.Count ?? 0) >= MaxRefreshListeners)
            {
                waiter = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                waiter.SetResult(true);
            }
            else
            {
                waiter = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                (_refreshWaiters ??= []).Add(waiter);
                Index.NotifyRefreshListenerAdded();
                return waiter.Task.WaitAsync(cancellationToken);
            }
        }

        Refresh();
        return waiter.Task;
    }
}
