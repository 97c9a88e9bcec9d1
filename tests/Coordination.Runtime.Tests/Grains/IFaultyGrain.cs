namespace Coordination.Runtime.Tests.Grains;

/// <summary>An exception type the runtime has no rebuilder for.</summary>
public sealed class GrainSpecificException(string message) : Exception(message);

public interface IFaultyGrain : IGrainWithStringKey
{
    Task ThrowArgument(string parameterName);

    Task ThrowUnknown(string message);

    Task<int> ThrowAfterAwait();

    /// <summary>Never answers until "{name}:release"; counts how many times it was invoked.</summary>
    Task<int> Hang(string name);

    /// <summary>Like <see cref="Hang"/>, but the caller's deadline is extended by <paramref name="wait"/>.</summary>
    Task<int> HangFor([ExtendsDeadline] TimeSpan wait, string name);

    [AlwaysInterleave]
    Task<int> Invocations();
}

public sealed class FaultyGrain : Grain, IFaultyGrain
{
    private int _invocations;

    public Task ThrowArgument(string parameterName) =>
        throw new ArgumentOutOfRangeException(parameterName, "must be positive");

    public Task ThrowUnknown(string message) => throw new GrainSpecificException(message);

    public async Task<int> ThrowAfterAwait()
    {
        await Task.Yield();
        throw new NotSupportedException("after an await");
    }

    public async Task<int> Hang(string name)
    {
        _invocations++;
        Signals.Set(name + ":entered");
        await Signals.Get(name + ":release").Task;
        return _invocations;
    }

    public Task<int> HangFor(TimeSpan wait, string name) => Hang(name);

    public Task<int> Invocations() => Task.FromResult(_invocations);
}
