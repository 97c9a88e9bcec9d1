using System.Text.Json.Nodes;
using Coordination.ElasticsearchEmulator.Mapping;

namespace Coordination.ElasticsearchEmulator.Engine;

/// <summary>
/// An index: identity, settings, mapping, aliases and shards, plus the periodic refresh that moves writes into
/// search visibility every <c>index.refresh_interval</c> on the emulator's <see cref="TimeProvider"/>.
/// </summary>
internal sealed class EmulatedIndex : IDisposable
{
    private readonly object _timerGate = new();
    private readonly TimeProvider _clock;
    private readonly Action _onRefreshListener;
    private ITimer? _refreshTimer;
    private TimeSpan? _timerPeriod;
    private volatile IndexSettings _settings;
    private volatile bool _deleted;

    public EmulatedIndex(string name, string uuid, IndexSettings settings, MappingState mappings, JsonObject aliases, TimeProvider clock, Action onRefreshListener, string? dataStream)
    {
        Name = name;
        Uuid = uuid;
        _clock = clock;
        _onRefreshListener = onRefreshListener;
        _settings = settings;
        Mappings = mappings;
        Aliases = aliases;
        DataStream = dataStream;
        CreatedAt = clock.GetUtcNow();
        Shards = new Shard[settings.NumberOfShards];
        for (var i = 0; i < Shards.Length; i++)
        {
            Shards[i] = new Shard(this, i, CreatedAt);
        }

        ScheduleRefresh();
    }

    public string Name { get; }

    public string Uuid { get; }

    public DateTimeOffset CreatedAt { get; }

    public IndexSettings Settings => _settings;

    public MappingState Mappings { get; }

    /// <summary>Alias name to its normalized definition.</summary>
    public JsonObject Aliases { get; }

    /// <summary>The data stream this index backs, if any.</summary>
    public string? DataStream { get; }

    public Shard[] Shards { get; }

    public bool IsDeleted => _deleted;

    public bool IsHidden => Settings.Hidden || DataStream is not null;

    public Shard ShardFor(string id, string? routing) =>
        Shards[ShardRouting.ShardFor(routing ?? id, Settings.NumberOfShards, Settings.RoutingNumShards)];

    /// <summary>The <c>_shards</c> header of a write: replicas cannot be assigned on a single node.</summary>
    public (int Total, int Successful) WriteShardHeader => (Settings.TotalCopies, 1);

    public void UpdateSettings(IndexSettings settings)
    {
        _settings = settings;
        ScheduleRefresh();
    }

    public long BumpPrimaryTerms()
    {
        long term = 0;
        foreach (var shard in Shards)
        {
            term = Math.Max(term, shard.BumpPrimaryTerm());
        }

        return term;
    }

    public bool RefreshAll()
    {
        var changed = false;
        foreach (var shard in Shards)
        {
            changed |= shard.Refresh();
        }

        return changed;
    }

    public void NotifyRefreshListenerAdded() => _onRefreshListener();

    public int PendingRefreshListeners => Shards.Sum(s => s.PendingRefreshListeners);

    /// <summary>Search-idle applies only while refresh_interval is left at its default.</summary>
    public TimeSpan? EffectiveSearchIdleAfter => Settings.IsExplicitRefresh ? null : Settings.SearchIdleAfter;

    private void ScheduleRefresh()
    {
        lock (_timerGate)
        {
            var period = Settings.RefreshInterval;
            if (_deleted || period == _timerPeriod && _refreshTimer is not null)
            {
                return;
            }

            _refreshTimer?.Dispose();
            _refreshTimer = null;
            _timerPeriod = period;
            if (period is { } p && p > TimeSpan.Zero)
            {
                _refreshTimer = _clock.CreateTimer(static state => ((EmulatedIndex)state!).OnRefreshTick(), this, p, p);
            }
        }
    }

    private void OnRefreshTick()
    {
        if (_deleted)
        {
            return;
        }

        var now = _clock.GetUtcNow();
        var idleAfter = EffectiveSearchIdleAfter;
        var gcDeletes = Settings.GcDeletes;
        foreach (var shard in Shards)
        {
            shard.ScheduledRefresh(now, idleAfter);
            shard.PruneExpiredTombstones(now, gcDeletes);
        }
    }

    public void MarkDeleted()
    {
        _deleted = true;
        Dispose();
    }

    public void Dispose()
    {
        lock (_timerGate)
        {
            _refreshTimer?.Dispose();
            _refreshTimer = null;
        }
    }

    /// <summary>A random 22-character URL-safe id, the shape of Elasticsearch's index UUIDs.</summary>
    public static string NewUuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        System.Security.Cryptography.RandomNumberGenerator.Fill(bytes);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
