namespace Coordination.Benchmarks.Grains;

/// <summary>A grain that answers from memory, to measure the runtime rather than the work.</summary>
public interface IBenchGrain : IGrainWithStringKey
{
    ValueTask<int> Ping(int value);
}

public sealed class BenchGrain : Grain, IBenchGrain
{
    private int _calls;

    public ValueTask<int> Ping(int value) => new(value + ++_calls);
}
