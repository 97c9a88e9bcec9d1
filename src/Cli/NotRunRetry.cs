namespace Coordination.Client.Cli;

/// <summary>
/// Repeats a call that certainly did not run until it runs or the time allowed is spent. Such a failure
/// (<see cref="SiloUnavailableException.CallDidNotRun"/>) happens while the cluster is still noticing a
/// lost silo: a gateway passes the call towards the silo that used to own the key and finds it gone.
/// Repeating is safe for every command, since the attempt had no effect; a call that may have run is
/// never repeated.
/// </summary>
internal static class NotRunRetry
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(50);

    /// <param name="allowed">How long attempts may go on; the last failure is thrown once the next pause would pass it.</param>
    public static async Task<T> RunAsync<T>(Func<Task<T>> call, TimeSpan allowed, TimeProvider clock, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        var pause = FirstPause;
        while (true)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (SiloUnavailableException notRun) when (notRun.CallDidNotRun && clock.GetElapsedTime(started) + pause <= allowed)
            {
                pause = await RetryPause.WaitAsync(pause, clock, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
