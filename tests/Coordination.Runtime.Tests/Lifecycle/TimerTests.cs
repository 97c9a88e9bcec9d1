using Coordination.Runtime.Tests.Grains;
using Coordination.TestingHost;

namespace Coordination.Runtime.Tests.Lifecycle;

public sealed class TimerTests
{
    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public async Task Timer_ticks_run_as_turns_when_the_clock_reaches_them_and_stop_when_disposed()
    {
        await using var cluster = await TestClusters.StartAsync(b => b.UseTimeProvider(_clock));
        var grain = cluster.GrainFactory.GetGrain<ITimerGrain>("periodic");
        await grain.Start(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), interleave: false);

        _clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(0, await grain.Ticks());
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, await grain.Ticks());
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(2, await grain.Ticks());

        await grain.Stop();
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(2, await grain.Ticks());
    }

    [Fact]
    public async Task A_tick_waits_for_a_running_call_like_any_other_call()
    {
        await using var cluster = await TestClusters.StartAsync(b => b.UseTimeProvider(_clock));
        var grain = cluster.GrainFactory.GetGrain<ITimerGrain>("waits");
        await grain.Start(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan, interleave: false);
        var scope = Signals.NewScope();

        var hold = grain.Hold(scope);
        await Signals.WaitAsync(scope + ":entered");
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, await grain.Ticks());

        Signals.Set(scope + ":release");
        await hold;
        Assert.Equal(1, await grain.Ticks());
    }

    [Fact]
    public async Task An_interleaving_tick_runs_while_a_call_awaits()
    {
        await using var cluster = await TestClusters.StartAsync(b => b.UseTimeProvider(_clock));
        var grain = cluster.GrainFactory.GetGrain<ITimerGrain>("interleaves");
        await grain.Start(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan, interleave: true);
        var scope = Signals.NewScope();

        var hold = grain.Hold(scope);
        await Signals.WaitAsync(scope + ":entered");
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await grain.Ticks());

        Signals.Set(scope + ":release");
        await hold;
    }

    [Fact]
    public async Task A_timer_rearmed_from_its_own_callback_fires_at_the_new_time()
    {
        await using var cluster = await TestClusters.StartAsync(b => b.UseTimeProvider(_clock));
        var grain = cluster.GrainFactory.GetGrain<ITimerGrain>("rearms");
        await grain.StartSelfRearming(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await grain.Ticks());
        _clock.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Equal(1, await grain.Ticks());
        _clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(2, await grain.Ticks());
    }
}
