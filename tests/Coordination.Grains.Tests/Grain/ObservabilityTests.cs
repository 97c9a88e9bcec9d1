using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Coordination.Locks;
using Coordination.Testing;

namespace Coordination.Grains.Tests.Grain;

/// <summary>
/// The lock meter and activity source (<see cref="LockInstruments.MeterName"/>). Instruments are process-wide, so
/// these tests run in a collection of their own, with nothing else running, and count exactly.
/// </summary>
public abstract class ObservabilityTests(LockClusterFixture fixture) : LockSuite(fixture)
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Every_ownership_change_is_traced_as_a_lock_commit_span()
    {
        var key = NewKey();
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == LockInstruments.MeterName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (Equals(activity.GetTagItem("lock.key"), key))
                {
                    spans.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        var grain = Locks.Lock(key);
        await grain.GetStatus();
        Locks.Probe.BeforeNextWrite(LockCluster.IdOf(key), () => Locks.WriteStoredAsync(key, s => s.FencingToken = 7));
        var grant = await grain.TryAcquire("a", Lease);
        await grain.TryAcquire("b", Lease);
        await grain.Renew("a", grant.FencingToken, Lease);
        await grain.Release("a", grant.FencingToken);

        Assert.Equal(
            [("lock.commit", "Grant", "a", "superseded"), ("lock.commit", "Grant", "a", "committed"), ("lock.commit", "Release", null, "committed")],
            spans.Select(s => (s.OperationName, (string?)s.GetTagItem("lock.change"), (string?)s.GetTagItem("lock.owner"), (string?)s.GetTagItem("lock.outcome"))));
    }

    [Fact]
    public async Task Acquisition_outcomes_ownership_changes_and_store_races_are_counted_exactly()
    {
        // A cluster of its own: moving the shared clock would also end leases that earlier tests left running,
        // and their expiries would be counted here too.
        await using var locks = await Fixture.StartPrivateAsync();
        using var meters = new LockMeters();
        var key = NewKey();
        var grain = locks.Lock(key);

        var grant = await grain.TryAcquire("a", Lease);
        await grain.TryAcquire("b", Lease);
        await grain.TryAcquire("a", Lease);
        await grain.Renew("a", grant.FencingToken, Lease);
        await grain.GetStatus();
        locks.Probe.InjectWriteFault(LockCluster.IdOf(key), StorageFault.ApplyThenLoseResponse);
        await grain.Release("a", grant.FencingToken);
        locks.Probe.BeforeNextWrite(LockCluster.IdOf(key), () => locks.WriteStoredAsync(key, s => s.FencingToken = 9));
        await grain.TryAcquire("c", Lease);
        locks.Clock.Advance(Lease);
        await grain.Renew("barrier", 1, Lease);
        await grain.TryAcquire("d", Lease);
        await grain.ForceRelease("maintenance");

        Assert.Equal(new Dictionary<string, long> { ["Acquired"] = 3, ["HeldByOther"] = 1, ["AlreadyHeld"] = 1 }, meters.Sum("coordination.lock.acquisitions", "outcome"));
        Assert.Equal(new Dictionary<string, long> { ["Grant"] = 3, ["Release"] = 1, ["Expiry"] = 1, ["ForceRelease"] = 1 }, meters.Sum("coordination.lock.ownership_changes", "kind"));
        Assert.Equal(1, meters.Total("coordination.lock.ambiguous_writes"));
        Assert.Equal(1, meters.Total("coordination.lock.write_conflicts"));
    }

    [Fact]
    public async Task Waiters_are_counted_while_queued_and_their_wait_is_measured_on_the_grain_clock()
    {
        using var meters = new LockMeters();
        var key = NewKey();
        var grain = Locks.Lock(key);
        await grain.TryAcquire("a", Lease);
        var waiting = grain.Acquire("b", TimeSpan.FromMinutes(1), Lease);
        await Locks.WaitForQueueLengthAsync(key, 1);
        var timingOut = grain.Acquire("c", TimeSpan.FromSeconds(5), Lease);
        await Locks.WaitForQueueLengthAsync(key, 2);
        Assert.Equal(2, meters.Total("coordination.lock.waiters"));

        Clock.Advance(TimeSpan.FromSeconds(7));
        Assert.Equal(LockOutcome.WaitTimedOut, (await timingOut.Within()).Outcome);
        Assert.Equal(1, meters.Total("coordination.lock.waiters"));
        await grain.Release("a", 1);
        await waiting.Within();

        Assert.Equal(0, meters.Total("coordination.lock.waiters"));
        Assert.Equal([7000.0], meters.Values("coordination.lock.wait_duration"));
    }

    /// <summary>Every measurement of the lock meter while it lives.</summary>
    private sealed class LockMeters : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)> _measurements = new();

        public LockMeters()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == LockInstruments.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => _measurements.Enqueue((instrument.Name, value, tags.ToArray())));
            _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => _measurements.Enqueue((instrument.Name, value, tags.ToArray())));
            _listener.Start();
        }

        public long Total(string instrument) => (long)_measurements.Where(m => m.Instrument == instrument).Sum(m => m.Value);

        public IEnumerable<double> Values(string instrument) => _measurements.Where(m => m.Instrument == instrument).Select(m => m.Value);

        public Dictionary<string, long> Sum(string instrument, string tag) => _measurements
            .Where(m => m.Instrument == instrument)
            .GroupBy(m => (string)m.Tags.Single(t => t.Key == tag).Value!)
            .ToDictionary(g => g.Key, g => (long)g.Sum(m => m.Value));

        public void Dispose() => _listener.Dispose();
    }
}
