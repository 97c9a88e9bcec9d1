using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Coordination.Locks;

namespace Coordination.Grains.Tests.Grain;

public abstract class ObservabilityTests : LockStoreTests
{
    [Fact]
    public async Task Every_ownership_change_is_traced_as_a_lock_commit_span()
    {
        var key = "traced/" + Guid.NewGuid().ToString("N");
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

        await using var locks = await StartLocksAsync();
        var grain = locks.Lock(key);
        var grant = await grain.TryAcquire("a", TimeSpan.FromSeconds(30));
        await grain.TryAcquire("b", TimeSpan.FromSeconds(30));
        await grain.Release("a", grant.FencingToken);

        Assert.Equal(
            [("Grant", "a", "committed"), ("Release", null, "committed")],
            spans.Select(s => ((string?)s.GetTagItem("lock.change"), (string?)s.GetTagItem("lock.owner"), (string?)s.GetTagItem("lock.outcome"))));
    }

    [Fact]
    public async Task Acquisition_outcomes_are_counted_by_the_lock_meter()
    {
        var outcomes = new ConcurrentBag<string>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == LockInstruments.MeterName && instrument.Name == "coordination.lock.acquisitions")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                outcomes.Add((string)tag.Value!);
            }
        });
        listener.Start();

        await using var locks = await StartLocksAsync();
        var owner = "counted-" + Guid.NewGuid().ToString("N");
        var grain = locks.Lock(owner);
        await grain.TryAcquire(owner, TimeSpan.FromSeconds(30));
        await grain.TryAcquire("someone-else-" + owner, TimeSpan.FromSeconds(30));

        Assert.Contains(nameof(LockOutcome.Acquired), outcomes);
        Assert.Contains(nameof(LockOutcome.HeldByOther), outcomes);
    }
}
