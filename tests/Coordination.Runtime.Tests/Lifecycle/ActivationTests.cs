using Coordination.Runtime.Hosting;
using Coordination.Runtime.Configuration;
using Coordination.Runtime.Tests.Grains;
using Coordination.TestingHost;

namespace Coordination.Runtime.Tests.Lifecycle;

public sealed class ActivationTests
{
    private readonly ManualTimeProvider _clock = new();

    // Calls are given an hour, so moving the clock by half an hour tests collection, not deadlines.
    private Task<TestCluster> StartWithManualClockAsync() => TestClusters.StartAsync(b => b
        .UseTimeProvider(_clock)
        .ConfigureSilo(s => s
            .Configure((GrainCallOptions o) => o.CallTimeout = TimeSpan.FromHours(1))
            .Configure((ActivationOptions o) =>
            {
                o.CollectionAge = TimeSpan.FromMinutes(10);
                o.CollectionQuantum = TimeSpan.FromMinutes(1);
            })));

    [Fact]
    public async Task OnActivateAsync_completes_before_the_first_call_is_served()
    {
        await using var cluster = await TestClusters.StartAsync();
        var key = "slow-" + Signals.NewScope();
        var grain = cluster.GrainFactory.GetGrain<ILifecycleGrain>(key);

        var call = grain.WasActivated();
        await Signals.WaitAsync(key + ":activating");
        var queued = cluster.GrainFactory.GetGrain<ILifecycleGrain>(key).ActivationId();
        Signals.Set(key + ":finish-activation");

        Assert.True(await call);
        await queued;
    }

    [Fact]
    public async Task A_failed_activation_fails_the_waiting_calls_and_the_next_call_tries_again()
    {
        await using var cluster = await TestClusters.StartAsync();
        var grain = cluster.GrainFactory.GetGrain<ILifecycleGrain>("broken-" + Signals.NewScope());

        var first = await Assert.ThrowsAsync<GrainActivationException>(() => grain.ActivationId());
        Assert.Contains("refuses to activate", first.Message, StringComparison.Ordinal);
        Assert.Contains("lifecycle/broken-", first.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<GrainActivationException>(() => grain.ActivationId());
        Assert.Equal(0, cluster.Primary.Silo.ActivationCount);
    }

    [Fact]
    public async Task DeactivateOnIdle_ends_the_activation_and_the_next_call_creates_a_new_one()
    {
        await using var cluster = await TestClusters.StartAsync();
        var key = Signals.NewScope();
        var grain = cluster.GrainFactory.GetGrain<ILifecycleGrain>(key);
        var before = await grain.ActivationId();

        await grain.Deactivate();
        await Signals.WaitAsync(key + ":deactivated");

        Assert.NotEqual(before, await grain.ActivationId());
        Assert.Equal([DeactivationReasonCode.ApplicationRequested], LifecycleGrain.Deactivations[key]);
    }

    [Fact]
    public async Task An_idle_activation_is_collected_after_the_collection_age()
    {
        await using var cluster = await StartWithManualClockAsync();
        var key = Signals.NewScope();
        var grain = cluster.GrainFactory.GetGrain<ILifecycleGrain>(key);
        var before = await grain.ActivationId();

        _clock.Advance(TimeSpan.FromMinutes(9));
        await cluster.Primary.Silo.CollectIdleActivationsAsync();
        Assert.False(Signals.Get(key + ":deactivated").Task.IsCompleted);

        _clock.Advance(TimeSpan.FromMinutes(1));
        await cluster.Primary.Silo.CollectIdleActivationsAsync();
        await Signals.WaitAsync(key + ":deactivated");
        Assert.Equal([DeactivationReasonCode.IdleCollection], LifecycleGrain.Deactivations[key]);
        Assert.NotEqual(before, await grain.ActivationId());
    }

    [Fact]
    public async Task KeepAlive_prevents_idle_collection()
    {
        await using var cluster = await StartWithManualClockAsync();
        var key = Signals.NewScope();
        var grain = cluster.GrainFactory.GetGrain<ILifecycleGrain>(key);
        var before = await grain.ActivationId();
        await grain.SetKeepAlive(true);

        _clock.Advance(TimeSpan.FromMinutes(30));
        await cluster.Primary.Silo.CollectIdleActivationsAsync();
        Assert.False(Signals.Get(key + ":deactivated").Task.IsCompleted);
        Assert.Equal(before, await grain.ActivationId());

        await grain.SetKeepAlive(false);
        _clock.Advance(TimeSpan.FromMinutes(10));
        await cluster.Primary.Silo.CollectIdleActivationsAsync();
        await Signals.WaitAsync(key + ":deactivated");
        Assert.NotEqual(before, await grain.ActivationId());
    }

    [Fact]
    public async Task An_activation_is_never_collected_while_a_call_is_running()
    {
        await using var cluster = await StartWithManualClockAsync();
        var key = Signals.NewScope();
        var grain = cluster.GrainFactory.GetGrain<ILifecycleGrain>(key);
        var before = await grain.ActivationId();
        var scope = Signals.NewScope();

        var hold = grain.Hold(scope);
        await Signals.WaitAsync(scope + ":entered");
        _clock.Advance(TimeSpan.FromMinutes(30));
        await cluster.Primary.Silo.CollectIdleActivationsAsync();
        Signals.Set(scope + ":release");
        await hold;

        Assert.False(Signals.Get(key + ":deactivated").Task.IsCompleted);
        Assert.Equal(before, await grain.ActivationId());
    }

    [Fact]
    public async Task Stopping_the_silo_deactivates_its_activations()
    {
        var cluster = await TestClusters.StartAsync();
        var key = Signals.NewScope();
        await cluster.GrainFactory.GetGrain<ILifecycleGrain>(key).ActivationId();

        await cluster.DisposeAsync();

        Assert.Equal([DeactivationReasonCode.ShuttingDown], LifecycleGrain.Deactivations[key]);
        Assert.False(cluster.Primary.IsRunning);
    }
}
