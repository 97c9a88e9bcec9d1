using System.Collections.Concurrent;

namespace Coordination.Runtime.Tests.Grains;

/// <summary>
/// Named one-shot signals shared by tests and test grains, so a test decides exactly when a grain proceeds
/// and learns exactly when a grain got somewhere, without sleeping.
/// </summary>
public static class Signals
{
    private static readonly ConcurrentDictionary<string, TaskCompletionSource> s_signals = new();

    public static string NewScope() => Guid.NewGuid().ToString("N");

    public static TaskCompletionSource Get(string name) =>
        s_signals.GetOrAdd(name, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public static void Set(string name) => Get(name).TrySetResult();

    /// <summary>Waits for a signal; the generous limit only turns a hang into a readable failure.</summary>
    public static Task WaitAsync(string name) => Get(name).Task.WaitAsync(TimeSpan.FromSeconds(30));
}
