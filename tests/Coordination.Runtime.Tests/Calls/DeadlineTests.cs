using Coordination.Runtime.Hosting;
using Coordination.Runtime.Configuration;
using Coordination.Runtime.Invocation;
using Coordination.Runtime.Tests.Grains;
using Coordination.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Runtime.Tests.Calls;

public sealed class DeadlineTests
{
    private readonly ManualTimeProvider _clock = new();

    private Task<TestCluster> StartAsync() => TestClusters.StartAsync(b => b
        .UseTimeProvider(_clock)
        .ConfigureSilo(s => s.Configure((GrainCallOptions o) =>
        {
            o.CallTimeout = TimeSpan.FromSeconds(10);
            o.DeadlineCheckInterval = TimeSpan.FromMilliseconds(100);
        })));

    private static PendingCallTable PendingCalls(TestCluster cluster) => cluster.Primary.Services.GetRequiredService<PendingCallTable>();

    [Fact]
    public async Task A_call_that_misses_its_deadline_fails_with_a_timeout_naming_the_grain_and_method_and_is_not_resent()
    {
        await using var cluster = await StartAsync();
        var grain = cluster.GrainFactory.GetGrain<IFaultyGrain>("slow");
        var scope = Signals.NewScope();

        var call = grain.Hang(scope);
        await Signals.WaitAsync(scope + ":entered");
        _clock.Advance(TimeSpan.FromSeconds(9.8));
        Assert.Equal(1, PendingCalls(cluster).Count);

        _clock.Advance(TimeSpan.FromSeconds(0.3));
        var error = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => call);
        Assert.Contains("IFaultyGrain.Hang", error.Message, StringComparison.Ordinal);
        Assert.Contains("faulty/slow", error.Message, StringComparison.Ordinal);
        Assert.Contains("10s", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, PendingCalls(cluster).Count);

        // The grain finishes later; its answer is dropped and the call was invoked exactly once.
        Signals.Set(scope + ":release");
        Assert.Equal(1, await grain.Invocations());
    }

    [Fact]
    public async Task A_parameter_marked_ExtendsDeadline_adds_its_wait_to_the_call_timeout()
    {
        await using var cluster = await StartAsync();
        var grain = cluster.GrainFactory.GetGrain<IFaultyGrain>("waits");
        var scope = Signals.NewScope();

        var call = grain.HangFor(TimeSpan.FromMinutes(1), scope);
        await Signals.WaitAsync(scope + ":entered");
        _clock.Advance(TimeSpan.FromSeconds(69.8));
        Assert.Equal(1, PendingCalls(cluster).Count);

        _clock.Advance(TimeSpan.FromSeconds(0.3));
        var error = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => call);
        Assert.Contains("70s", error.Message, StringComparison.Ordinal);
        Signals.Set(scope + ":release");
    }

    [Fact]
    public async Task A_queued_call_whose_deadline_passes_is_never_run()
    {
        await using var cluster = await StartAsync();
        var turns = cluster.GrainFactory.GetGrain<IFaultyGrain>("queue");
        var blocker = Signals.NewScope();
        var queued = Signals.NewScope();

        var blocking = turns.Hang(blocker);
        await Signals.WaitAsync(blocker + ":entered");
        var late = turns.Hang(queued);
        Assert.Equal(1, await turns.Invocations());

        _clock.Advance(TimeSpan.FromSeconds(10.2));
        await Assert.ThrowsAsync<GrainCallTimeoutException>(() => blocking);
        await Assert.ThrowsAsync<GrainCallTimeoutException>(() => late);

        Signals.Set(blocker + ":release");
        Signals.Set(queued + ":release");

        // A blocking probe queued after the expired call runs only once that call was dealt with.
        var probe = Signals.NewScope();
        Signals.Set(probe + ":release");
        Assert.Equal(2, await turns.Hang(probe));
        Assert.False(Signals.Get(queued + ":entered").Task.IsCompleted);
    }
}
