using System.Collections.Concurrent;

namespace Coordination.Runtime.Tests.Grains;

/// <summary>Holds calls open until the test lets them go, counting how often each call actually ran.</summary>
public interface IHoldGrain : IGrainWithStringKey
{
    /// <summary>Counts a run under <paramref name="name"/>, signals "{name}:entered", waits for "{name}:release".</summary>
    Task<int> Hold(string name);
}

public sealed class HoldGrain : Grain, IHoldGrain
{
    private static readonly ConcurrentDictionary<string, int> s_runs = new();

    /// <summary>How many times a call named <paramref name="name"/> ran, in any silo of this process.</summary>
    public static int Runs(string name) => s_runs.GetValueOrDefault(name);

    public async Task<int> Hold(string name)
    {
        var runs = s_runs.AddOrUpdate(name, 1, static (_, n) => n + 1);
        Signals.Set(name + ":entered");
        await Signals.Get(name + ":release").Task;
        return runs;
    }
}
