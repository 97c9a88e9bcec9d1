using Coordination.Runtime.Hosting;
using Coordination.Runtime.Configuration;
using Coordination.Runtime.Messaging;
using Coordination.Runtime.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coordination.Runtime.Membership;

/// <summary>
/// This silo's part in membership: it joins the table, writes heartbeats, re-reads the table to follow the
/// cluster, probes its neighbours directly, and votes dead (with compare-and-set on the whole table) a
/// neighbour that misses too many probes in a row. If the table ever says this silo is dead, it stops.
/// Failure detection runs on real time, whatever clock the silo's grains use: a test's manual clock must
/// never make a healthy silo look dead.
/// </summary>
internal sealed class MembershipAgent : IDisposable
{
    private const int MaxWriteAttempts = 10;

    private readonly IMembershipTable _table;
    private readonly ClusterMembership _membership;
    private readonly LocalSiloDetails _local;
    private readonly SiloConnections _connections;
    private readonly ClusterStore _store;
    private readonly MembershipOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly Dictionary<SiloAddress, int> _missedProbes = [];
    private readonly CancellationTokenSource _loops = new();
    private volatile bool _leaving;
    private int _declaredDead;
    // The newest table version that listed this silo; 0 until it joined.
    private long _lastVersionListingSelf;

    public MembershipAgent(
        IMembershipTable table,
        ClusterMembership membership,
        LocalSiloDetails local,
        SiloConnections connections,
        ClusterStore store,
        IOptions<MembershipOptions> options,
        ILoggerFactory loggerFactory)
    {
        _store = store;
        _table = table;
        _membership = membership;
        _local = local;
        _connections = connections;
        _options = options.Value;
        _clock = TimeProvider.System;
        _logger = loggerFactory.CreateLogger("Coordination.Runtime.Membership");
    }

    /// <summary>Raised once if the table declares this silo dead (other silos could not reach it).</summary>
    public event Action? DeclaredDead;

    /// <summary>Where clients may connect to this silo, recorded in its entry; set before joining.</summary>
    public string? GatewayEndpoint { get; set; }

    /// <summary>Joins the cluster: Joining, then Active; then starts the heartbeat, refresh and probe loops.</summary>
    public async Task JoinAsync(CancellationToken cancellationToken)
    {
        await WriteOwnStatusAsync(SiloStatus.Joining, cancellationToken).ConfigureAwait(false);
        await WriteOwnStatusAsync(SiloStatus.Active, cancellationToken).ConfigureAwait(false);
        await _table.WriteHeartbeatAsync(_local.Address, _clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        _ = RunEveryAsync(_options.TableRefreshInterval, RefreshAsync, "read");
        _ = RunEveryAsync(_options.HeartbeatInterval, token => _table.WriteHeartbeatAsync(_local.Address, _clock.GetUtcNow(), token), "written (heartbeat)");
        _ = RunEveryAsync(_options.ProbeInterval, ProbeAsync, "updated (probe)");
    }

    /// <summary>Graceful stop, first half: off the ring (ShuttingDown), so other silos take over this one's grains.</summary>
    public Task BeginLeaveAsync(CancellationToken cancellationToken)
    {
        _leaving = true;
        return WriteOwnStatusAsync(SiloStatus.ShuttingDown, cancellationToken);
    }

    /// <summary>Graceful stop, second half: Dead at once, without waiting for failure detection.</summary>
    public async Task CompleteLeaveAsync(CancellationToken cancellationToken)
    {
        await _loops.CancelAsync().ConfigureAwait(false);
        await WriteOwnStatusAsync(SiloStatus.Dead, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops every loop without writing anything: how a crashed process looks to the others.</summary>
    public void Abandon() => _loops.Cancel();

    /// <summary>
    /// Re-reads the table now; announces the new view, stops this silo if it was declared dead, and removes
    /// the entries of silos dead for longer than the retention.
    /// </summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var snapshot = await _table.ReadAsync(cancellationToken).ConfigureAwait(false);
        Adopt(snapshot.Data);
        await RemoveDefunctAsync(snapshot, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _loops.Cancel();

    private void Adopt(MembershipTableData data)
    {
        if (_membership.Update(data))
        {
            MembershipLog.ViewChanged(_logger, data.Version, string.Join(", ", _membership.Current.ActiveSilos));
        }

        var own = data.Find(_local.Address);
        if (own is not null)
        {
            RaiseLastVersionListingSelf(data.Version);
        }

        // An entry missing from a newer table than one that listed it was removed after this silo had been
        // dead for the retention (a paused process). A table that starts over (older version) says nothing.
        var lastListed = Interlocked.Read(ref _lastVersionListingSelf);
        var dead = own?.Status == SiloStatus.Dead || (own is null && lastListed > 0 && data.Version > lastListed);
        if (!_leaving && dead && Interlocked.Exchange(ref _declaredDead, 1) == 0)
        {
            MembershipLog.DeclaredDeadSelf(_logger, _local.Address.ToString());
            _loops.Cancel();
            DeclaredDead?.Invoke();
        }
    }

    private async Task WriteOwnStatusAsync(SiloStatus status, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxWriteAttempts; attempt++)
        {
            var snapshot = await _table.ReadAsync(cancellationToken).ConfigureAwait(false);
            var now = _clock.GetUtcNow();
            var entry = snapshot.Data.Find(_local.Address)
                ?? new MembershipEntry(_local.Address, _local.Name, status, now, [], GatewayEndpoint, _store.Identity.Length == 0 ? null : _store.Identity);
            if (entry.Status == SiloStatus.Dead && status != SiloStatus.Dead)
            {
                Adopt(snapshot.Data);
                throw new InvalidOperationException($"Silo {_local.Address} was declared dead before it could become {status}.");
            }

            var data = snapshot.Data.With(entry.WithStatus(status, now) with { GatewayEndpoint = GatewayEndpoint });
            if (status == SiloStatus.Joining)
            {
                RefuseUnlessStoreIsShared(snapshot);
                data = data.SupersedingEarlierGenerations(_local.Address, now);
            }

            if (await _table.TryWriteAsync(data, snapshot.Etag, cancellationToken).ConfigureAwait(false))
            {
                MembershipLog.StatusWritten(_logger, _local.Address.ToString(), status);
                Adopt(data);
                return;
            }
        }

        throw new InvalidOperationException($"Silo {_local.Address} could not record itself as {status}: the membership table kept changing.");
    }

    /// <summary>
    /// A cluster needs one shared store: a silo with another store than the live silos' (its own memory, or
    /// another index) would grant locks the others cannot see. A silo counts as live while it is not Dead and
    /// its heartbeat is recent, so the entry of a process that vanished unnoticed does not block joins forever.
    /// </summary>
    private void RefuseUnlessStoreIsShared(MembershipSnapshot snapshot)
    {
        var now = _clock.GetUtcNow();
        var staleAfter = _options.HeartbeatInterval * 3;
        var conflict = snapshot.Data.Entries.FirstOrDefault(e =>
            e.Status != SiloStatus.Dead
            && !e.Silo.Endpoint.Equals(_local.Address.Endpoint)
            && snapshot.Heartbeats.TryGetValue(e.Silo, out var alive) && now - alive < staleAfter
            && (_store.IsPrivate || (e.Store is { } theirs && _store.Identity.Length > 0 && !string.Equals(theirs, _store.Identity, StringComparison.Ordinal))));
        if (conflict is not null)
        {
            var advice = _store.IsPrivate
                ? "This silo keeps its locks in its own memory, and a cluster needs a shared store: start every silo of the cluster with Coordination:Storage:Provider=Elasticsearch."
                : $"This silo keeps its locks in {_store}; a cluster needs one shared store: give every silo the same Coordination:Storage settings.";
            throw new SiloStartupException(
                $"Silo {_local.Name} cannot join cluster '{_local.ClusterId}': silo {conflict.SiloName} ({conflict.Silo}) is running there on {ClusterStore.Describe(conflict.Store)}. {advice} "
                + $"(A silo that is gone stops counting {OptionRules.Format(staleAfter)} after its last heartbeat.)");
        }
    }

    /// <summary>
    /// An active silo removes the entries dead for longer than the retention, and then their heartbeats. When
    /// several try at once, compare-and-set lets one through; the others find nothing left at their next refresh.
    /// </summary>
    private async Task RemoveDefunctAsync(MembershipSnapshot snapshot, CancellationToken cancellationToken)
    {
        if (_leaving || snapshot.Data.Find(_local.Address)?.Status != SiloStatus.Active)
        {
            return;
        }

        var defunct = snapshot.Data.Defunct(_clock.GetUtcNow(), _options.DefunctSiloRetention);
        if (defunct.Count == 0)
        {
            return;
        }

        var pruned = snapshot.Data.Without(defunct);
        if (!await _table.TryWriteAsync(pruned, snapshot.Etag, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        Adopt(pruned);
        await _table.DeleteHeartbeatsAsync([.. defunct.Select(e => e.Silo)], cancellationToken).ConfigureAwait(false);
        MembershipLog.DefunctRemoved(_logger, OptionRules.Format(_options.DefunctSiloRetention), string.Join(", ", defunct.Select(e => e.Silo)));
    }

    private void RaiseLastVersionListingSelf(long version)
    {
        long seen;
        while ((seen = Interlocked.Read(ref _lastVersionListingSelf)) < version
            && Interlocked.CompareExchange(ref _lastVersionListingSelf, version, seen) != seen)
        {
        }
    }

    private async Task ProbeAsync(CancellationToken cancellationToken)
    {
        var targets = ProbeTargets(_membership.Current);
        var results = await Task.WhenAll(targets.Select(async target =>
            (Target: target, Answered: await _connections.PingAsync(target, _options.ProbeTimeout, cancellationToken).ConfigureAwait(false)))).ConfigureAwait(false);

        foreach (var stale in _missedProbes.Keys.Except(targets).ToList())
        {
            _missedProbes.Remove(stale);
        }

        foreach (var (target, answered) in results)
        {
            var missed = answered ? 0 : _missedProbes.GetValueOrDefault(target) + 1;
            _missedProbes[target] = missed;
            if (missed >= _options.MissedProbesLimit)
            {
                MembershipLog.Suspecting(_logger, target.ToString(), missed);
                await VoteDeadAsync(target, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The next silos after this one in a stable order of the active ones: every silo is probed by several others.</summary>
    private List<SiloAddress> ProbeTargets(MembershipView view)
    {
        var active = view.ActiveSilos;
        var self = active.ToList().IndexOf(_local.Address);
        if (self < 0)
        {
            return [];
        }

        return [.. Enumerable.Range(1, Math.Min(_options.ProbedSilos, active.Count - 1)).Select(offset => active[(self + offset) % active.Count])];
    }

    private async Task VoteDeadAsync(SiloAddress suspect, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxWriteAttempts; attempt++)
        {
            var snapshot = await _table.ReadAsync(cancellationToken).ConfigureAwait(false);
            var data = snapshot.Data;
            if (data.Find(_local.Address)?.Status != SiloStatus.Active || data.Find(suspect) is not { Status: not SiloStatus.Dead } entry)
            {
                // Either this silo is no longer in a position to judge, or the suspect is already gone.
                Adopt(data);
                return;
            }

            var now = _clock.GetUtcNow();
            var votes = entry.Suspicions
                // Only votes of silos still active count: a silo that was itself cut off and declared dead
                // may have voted against the healthy ones on its way out.
                .Where(v => v.Suspector != _local.Address && now - v.CastAt < _options.VoteExpiration && data.Find(v.Suspector)?.Status == SiloStatus.Active)
                .Append(new SuspicionVote(_local.Address, now))
                .ToList();
            var voters = data.Entries.Count(e => e.Status == SiloStatus.Active && e.Silo != suspect);
            var needed = Math.Max(1, Math.Min(_options.VotesForDeath, voters));
            var dead = votes.Count >= needed;
            var updated = data.With(entry.WithStatus(dead ? SiloStatus.Dead : entry.Status, now) with { Suspicions = votes });
            if (await _table.TryWriteAsync(updated, snapshot.Etag, cancellationToken).ConfigureAwait(false))
            {
                if (dead)
                {
                    MembershipLog.DeclaredDead(_logger, suspect.ToString(), string.Join(", ", votes.Select(v => v.Suspector)));
                }

                Adopt(updated);
                return;
            }
        }
    }

    private async Task RunEveryAsync(TimeSpan interval, Func<CancellationToken, Task> work, string operation)
    {
        using var timer = new PeriodicTimer(interval, _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(_loops.Token).ConfigureAwait(false))
            {
                try
                {
                    await work(_loops.Token).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !_loops.IsCancellationRequested)
                {
                    MembershipLog.TableUnavailable(_logger, operation, exception.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The silo is stopping.
        }
    }
}
