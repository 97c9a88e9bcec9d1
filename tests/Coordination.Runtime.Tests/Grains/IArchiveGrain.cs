using Coordination.Storage;

namespace Coordination.Runtime.Tests.Grains;

/// <summary>Binds its state to a storage that tests do not register.</summary>
public interface IArchiveGrain : IGrainWithStringKey
{
    Task<int> Count();
}

public sealed class ArchiveGrain([PersistentState("entries", "archive")] IPersistentState<CounterState> entries) : Grain, IArchiveGrain
{
    public Task<int> Count() => Task.FromResult(entries.State.Value);
}
