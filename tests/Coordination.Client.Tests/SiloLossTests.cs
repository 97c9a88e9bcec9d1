using Coordination.Cli;
using Coordination.Locks;
using Coordination.Testing;
using Orleans.TestingHost;

namespace Coordination.Client.Tests;

/// <summary>
/// A silo killed without a graceful stop. Its keys come back on the survivors with their holder and token read from
/// the shared store, and coord, given only the survivors' gateways, answers for them.
/// </summary>
/// <remarks>
/// An in-process test silo that is killed still marks itself dead in the membership table as it stops, so the
/// survivors stop routing to it almost at once; the window in which they would reject its keys' calls undelivered
/// (which coord repeats) is too short to be hit reliably here. <see cref="UndeliveredCallTests"/> covers the repeats.
/// </remarks>
public sealed class SiloLossTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    public async ValueTask InitializeAsync() => _cluster = await CoordCluster.StartAsync(3);

    public async ValueTask DisposeAsync()
    {
        await _cluster.DisposeAsync();
        SharedGrainStore.Forget(_cluster.Options.ClusterId);
    }

    [Fact]
    public async Task Status_of_a_key_whose_silo_was_killed_answers_through_the_survivors_with_the_same_holder_and_token()
    {
        // The primary silo keeps the test cluster's membership table, so a secondary one is the victim.
        var victim = _cluster.SecondarySilos[0];
        var key = await KeyActivatedOnAsync(victim);
        var held = await _cluster.GrainFactory.GetGrain<ILockGrain>(key).TryAcquire("alice", TimeSpan.FromMinutes(10));
        Assert.True(held.Acquired);

        await _cluster.KillSiloAsync(victim);
        var run = await CoordRun.RunAsync(["status", key, "--json", .. CoordCluster.ConnectionOptions(_cluster)], new CoordAppSettings(), CancellationToken.None);

        Assert.True(run.ExitCode == 0, run.ToString());
        var status = run.Json();
        Assert.Equal("alice", status.GetProperty("holder").GetString());
        Assert.Equal(held.FencingToken, status.GetProperty("fencingToken").GetInt64());
        Assert.DoesNotContain(victim.GatewayAddress.Endpoint.ToString(), string.Join(' ', CoordCluster.ConnectionOptions(_cluster)), StringComparison.Ordinal);
    }

    /// <summary>A fresh key whose lock grain is active on <paramref name="silo"/>.</summary>
    private async Task<string> KeyActivatedOnAsync(SiloHandle silo)
    {
        var key = CoordCluster.NewKey("loss");
        var grain = _cluster.GrainFactory.GetGrain<ILockGrain>(key);
        await SiloPlacement.ActivateOnAsync(_cluster.GetActiveSilos(), silo, async () => await grain.GetStatus());
        Assert.True(_cluster.TryGetGrainContext(grain.GetGrainId(), out var context), $"{key} has no activation.");
        Assert.Equal(silo.SiloAddress, context.Address.SiloAddress);
        return key;
    }
}
