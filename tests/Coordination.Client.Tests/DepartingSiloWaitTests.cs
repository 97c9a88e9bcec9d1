using Coordination.Locks;
using Coordination.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Coordination.Client.Tests;

/// <summary>
/// Waiting acquisitions through the lock client whose locks live on a silo that goes away, stopped or killed, while
/// that silo is also one of the client's gateways. Each wait is answered "retry" (by the stopping lock, or by
/// Orleans for a lost silo) and sent again, or, when Orleans closed the gateway connection before the answer left
/// (it then leaves the call waiting for its whole response timeout), sent again because that connection closed.
/// Either way it queues on the survivor, which takes the lock over from the store, and is granted there when the
/// holder releases.
/// </summary>
public sealed class DepartingSiloWaitTests : IAsyncLifetime
{
    private static readonly TimeSpan LongerThanTheTest = TimeSpan.FromMinutes(10);

    // Orleans spreads calls over its gateways by grain; with this many keys some waits go through the departing one.
    private const int Keys = 8;

    private TestCluster _cluster = null!;

    public async ValueTask InitializeAsync() => _cluster = await CoordCluster.StartAsync(2);

    public async ValueTask DisposeAsync()
    {
        await _cluster.DisposeAsync();
        SharedGrainStore.Forget(_cluster.Options.ClusterId);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Waits_on_locks_of_a_silo_that_goes_away_are_sent_again_to_the_survivor_and_get_the_locks_when_released(bool gracefully)
    {
        var cancellation = TestContext.Current.CancellationToken;
        var victim = _cluster.SecondarySilos[0];
        var locks = new List<(ILockGrain Grain, long HeldToken)>();
        for (var i = 0; i < Keys; i++)
        {
            var grain = _cluster.GrainFactory.GetGrain<ILockGrain>(CoordCluster.NewKey("departing"));
            await SiloPlacement.ActivateOnAsync(_cluster.GetActiveSilos(), victim, async () => await grain.GetStatus());
            var held = await grain.TryAcquire("holder", LongerThanTheTest);
            Assert.True(held.Acquired);
            locks.Add((grain, held.FencingToken));
        }

        // Every bound of the client is longer than the test: only the waits being answered and sent again ends them within it.
        using var host = CoordCluster.ClientHost(_cluster, services => services.AddCoordinationLockProvider(options =>
        {
            options.MaxWaitPerCall = LongerThanTheTest;
            options.CallTimeout = LongerThanTheTest;
        }));
        await host.StartAsync(cancellation);
        var provider = host.Services.GetRequiredService<CoordinationLockProvider>();
        var waits = new List<Task<LockHandle>>();
        foreach (var (grain, _) in locks)
        {
            var waiting = provider.AcquireAsync(grain.GetPrimaryKeyString(), LongerThanTheTest, cancellation).AsTask();
            await CoordCluster.WaitForQueueLengthAsync(grain, 1, waiting);
            waits.Add(waiting);
        }

        if (gracefully)
        {
            await _cluster.StopSiloAsync(victim);
        }
        else
        {
            await _cluster.KillSiloAsync(victim);
        }

        // The test's own calls from here on start inside the survivor: the test cluster's client is an Orleans client
        // too, and a call of its own could go through the lost gateway and wait out its response timeout.
        var survivor = ((InProcessSiloHandle)_cluster.Primary!).ServiceProvider.GetRequiredService<IGrainFactory>();
        for (var i = 0; i < Keys; i++)
        {
            var (grain, heldToken) = (survivor.GetGrain<ILockGrain>(locks[i].Grain.GetPrimaryKeyString()), locks[i].HeldToken);
            await CoordCluster.WaitForQueueLengthAsync(grain, 1, waits[i]);
            Assert.True(await grain.Release("holder", heldToken));
            var handle = await waits[i].WaitAsync(TimeSpan.FromMinutes(1), cancellation);
            Assert.Equal(heldToken + 1, handle.FencingToken);
            Assert.Equal(handle.Owner, (await grain.GetStatus()).Holder);
            await handle.DisposeAsync();
        }

        await host.StopAsync(cancellation);
    }
}
