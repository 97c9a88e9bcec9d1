namespace Coordination.Runtime.Tests.Grains;

/// <summary>Lets tests hold calls open and look inside while they are held.</summary>
public interface ITurnOperations
{
    /// <summary>Signals "{name}:entered", then waits for "{name}:release".</summary>
    Task Hold(string name);

    /// <summary>Names of the calls currently inside Hold, in order of entry.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<string>> Inside();

    /// <summary>Same as <see cref="Inside"/> but not interleaving, so it queues behind a held call.</summary>
    Task<IReadOnlyList<string>> InsideBlocking();

    /// <summary>Counts overlapping executions: enters, yields a few times, leaves.</summary>
    Task<int> Overlap();

    /// <summary>The most calls ever inside <see cref="Overlap"/> at once.</summary>
    [AlwaysInterleave]
    Task<int> MaxOverlap();

    /// <summary>Records the managed thread id of every turn, so tests can check turns never run in parallel.</summary>
    Task<int> ThreadHops(int awaits);
}

public class TurnGrainBase : Grain
{
    private readonly List<string> _inside = [];
    private int _overlap;
    private int _maxOverlap;

    public async Task Hold(string name)
    {
        _inside.Add(name);
        Signals.Set(name + ":entered");
        await Signals.Get(name + ":release").Task;
        _inside.Remove(name);
    }

    public Task<IReadOnlyList<string>> Inside() => Task.FromResult<IReadOnlyList<string>>([.. _inside]);

    public Task<IReadOnlyList<string>> InsideBlocking() => Inside();

    public async Task<int> Overlap()
    {
        var now = Interlocked.Increment(ref _overlap);
        _maxOverlap = Math.Max(_maxOverlap, now);
        for (var i = 0; i < 3; i++)
        {
            await Task.Yield();
            await Task.Run(static () => { });
        }

        Interlocked.Decrement(ref _overlap);
        return now;
    }

    public Task<int> MaxOverlap() => Task.FromResult(_maxOverlap);

    public async Task<int> ThreadHops(int awaits)
    {
        var context = SynchronizationContext.Current;
        var hops = 0;
        for (var i = 0; i < awaits; i++)
        {
            await Task.Run(static () => { });
            if (SynchronizationContext.Current != context)
            {
                throw new InvalidOperationException("A continuation ran outside the activation's context.");
            }

            hops++;
        }

        return hops;
    }
}

public interface ITurnGrain : IGrainWithStringKey, ITurnOperations
{
}

public sealed class TurnGrain : TurnGrainBase, ITurnGrain
{
}

[GrainType("reentrant-turn")]
public interface IReentrantTurnGrain : IGrainWithStringKey, ITurnOperations
{
}

[Reentrant]
public sealed class ReentrantTurnGrain : TurnGrainBase, IReentrantTurnGrain
{
}
