using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.Placement;
using Orleans.TestingHost;

namespace Coordination.Testing;

/// <summary>Activating a grain on a chosen silo of an in-process test cluster, with Orleans' placement hint.</summary>
/// <remarks>
/// Orleans' default placement prefers the silo that receives the call unless another scores clearly better, and
/// in-process silos share one process's CPU and memory figures, so without a hint nearly every grain lands on the
/// gateway its client happened to use. A silo honours a hint only for a silo in its cluster manifest, which it
/// learns some time after that silo joins; so the hint waits for every silo's manifest first.
/// </remarks>
public static class SiloPlacement
{
    private static readonly TimeSpan s_manifestDeadline = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Runs <paramref name="firstCall"/>, the call that activates a grain, so that the activation is placed on
    /// <paramref name="silo"/>, one of the in-process <paramref name="activeSilos"/>.
    /// </summary>
    public static async Task ActivateOnAsync(IEnumerable<SiloHandle> activeSilos, SiloHandle silo, Func<Task> firstCall)
    {
        await WaitForManifestsAsync(activeSilos);
        RequestContext.Set(IPlacementDirector.PlacementHintKey, silo.SiloAddress);
        try
        {
            await firstCall();
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }
    }

    /// <summary>Waits until the cluster manifest of each of the in-process <paramref name="activeSilos"/> lists them all.</summary>
    public static async Task WaitForManifestsAsync(IEnumerable<SiloHandle> activeSilos)
    {
        var silos = activeSilos.Cast<InProcessSiloHandle>().ToList();
        var addresses = silos.Select(s => s.SiloAddress).ToList();
        using var deadline = new CancellationTokenSource(s_manifestDeadline);
        foreach (var silo in silos)
        {
            var manifests = silo.ServiceProvider.GetRequiredService<IClusterManifestProvider>();
            try
            {
                await foreach (var manifest in manifests.Updates.WithCancellation(deadline.Token))
                {
                    if (addresses.All(manifest.Silos.ContainsKey))
                    {
                        break;
                    }
                }
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                var known = manifests.Current.Silos.Keys;
                throw new TimeoutException(
                    $"The cluster manifest of {silo.SiloAddress} still lacks {string.Join(", ", addresses.Except(known))} after {s_manifestDeadline.TotalSeconds:0} s.");
            }
        }
    }
}
