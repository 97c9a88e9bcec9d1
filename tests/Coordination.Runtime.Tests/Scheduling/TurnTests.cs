using Coordination.Runtime.Tests.Grains;

namespace Coordination.Runtime.Tests.Scheduling;

public sealed class TurnTests
{
    [Fact]
    public async Task A_second_call_waits_until_the_first_finishes_while_an_interleaving_call_runs_meanwhile()
    {
        await using var cluster = await TestClusters.StartAsync();
        var grain = cluster.GrainFactory.GetGrain<ITurnGrain>("t");
        var a = Signals.NewScope();
        var b = Signals.NewScope();

        var first = grain.Hold(a);
        await Signals.WaitAsync(a + ":entered");
        var second = grain.Hold(b);
        var blockingLook = grain.InsideBlocking();

        // Sent after the second call, the interleaving call still runs while the first call awaits.
        Assert.Equal([a], await grain.Inside());

        Signals.Set(a + ":release");
        await first;
        await Signals.WaitAsync(b + ":entered");
        Assert.Equal([b], await grain.Inside());
        Signals.Set(b + ":release");
        await second;

        // The blocking look waited for both holds, in arrival order.
        Assert.Empty(await blockingLook);
    }

    [Fact]
    public async Task A_reentrant_grain_lets_calls_interleave_at_awaits()
    {
        await using var cluster = await TestClusters.StartAsync();
        var grain = cluster.GrainFactory.GetGrain<IReentrantTurnGrain>("r");
        var a = Signals.NewScope();
        var b = Signals.NewScope();

        var first = grain.Hold(a);
        var second = grain.Hold(b);
        await Signals.WaitAsync(a + ":entered");
        await Signals.WaitAsync(b + ":entered");
        Assert.Equal([a, b], await grain.InsideBlocking());

        Signals.Set(a + ":release");
        Signals.Set(b + ":release");
        await Task.WhenAll(first, second);
    }

    [Fact]
    public async Task Many_concurrent_calls_to_one_grain_never_overlap()
    {
        await using var cluster = await TestClusters.StartAsync();
        var grain = cluster.GrainFactory.GetGrain<ITurnGrain>("busy");

        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => grain.Overlap())));

        Assert.All(results, r => Assert.Equal(1, r));
        Assert.Equal(1, await grain.MaxOverlap());
    }

    [Fact]
    public async Task Await_continuations_in_grain_code_come_back_to_the_activation()
    {
        await using var cluster = await TestClusters.StartAsync();
        Assert.Equal(5, await cluster.GrainFactory.GetGrain<ITurnGrain>("hops").ThreadHops(5));
    }

    [Fact]
    public async Task Different_grains_do_not_wait_for_each_other()
    {
        await using var cluster = await TestClusters.StartAsync();
        var held = cluster.GrainFactory.GetGrain<ITurnGrain>("held");
        var scope = Signals.NewScope();
        var hold = held.Hold(scope);
        await Signals.WaitAsync(scope + ":entered");

        Assert.Empty(await cluster.GrainFactory.GetGrain<ITurnGrain>("free").InsideBlocking());

        Signals.Set(scope + ":release");
        await hold;
    }
}
