namespace Coordination.Grains.Tests;

/// <summary>
/// Bounds an await on something another party must complete (a queued acquisition, a handoff). With a
/// fake grain clock nothing else would ever end such a wait, so a bug would hang the run instead of failing it.
/// </summary>
internal static class Bounded
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(Limit);

    public static Task Within(this Task task, TimeSpan? limit = null) => task.WaitAsync(limit ?? Limit);

    public static Task<T> Within<T>(this ValueTask<T> task) => task.AsTask().WaitAsync(Limit);
}
