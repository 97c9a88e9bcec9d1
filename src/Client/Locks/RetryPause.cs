namespace Coordination.Client;

/// <summary>The pause before repeating a lock call: it doubles after each attempt, up to one second.</summary>
internal static class RetryPause
{
    private static readonly TimeSpan Longest = TimeSpan.FromSeconds(1);

    /// <summary>Waits <paramref name="pause"/>, then returns the pause to wait before the next attempt.</summary>
    public static async ValueTask<TimeSpan> WaitAsync(TimeSpan pause, TimeProvider clock, CancellationToken cancellationToken)
    {
        await Task.Delay(pause, clock, cancellationToken).ConfigureAwait(false);
        return pause * 2 < Longest ? pause * 2 : Longest;
    }
}
