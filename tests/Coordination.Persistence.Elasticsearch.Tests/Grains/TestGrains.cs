using Orleans.Runtime;

namespace Coordination.Persistence.Elasticsearch.Tests.Grains;

/// <summary>Answers with the silo it runs on, so a test can see a call went through the cluster.</summary>
public interface IPingGrain : IGrainWithStringKey
{
    Task<string> Ping();
}

public sealed class PingGrain : Grain, IPingGrain
{
    public Task<string> Ping() => Task.FromResult(RuntimeIdentity);
}

[GenerateSerializer]
public sealed class CounterState
{
    [Id(0)]
    public int Count { get; set; }
}

/// <summary>A user grain on the storage named <see cref="StorageName"/>.</summary>
public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> Get();

    Task<int> Increment();

    /// <summary>Increments, and on a failed write names the exception grain code received, instead of throwing.</summary>
    Task<string> IncrementReportingFailure();
}

public sealed class CounterGrain([PersistentState("count", CounterGrain.StorageName)] IPersistentState<CounterState> state) : Grain, ICounterGrain
{
    public const string StorageName = "es";

    public Task<int> Get() => Task.FromResult(state.State.Count);

    public async Task<int> Increment()
    {
        state.State.Count++;
        await state.WriteStateAsync();
        return state.State.Count;
    }

    public async Task<string> IncrementReportingFailure()
    {
        try
        {
            await Increment();
            return "written";
        }
        catch (Exception exception)
        {
            return exception.GetType().Name;
        }
    }
}

/// <summary>The lock document's shape, as the lock grain keeps it (snake_case in the index).</summary>
[GenerateSerializer]
public sealed class TestLockState
{
    [Id(0)]
    public string? Owner { get; set; }

    [Id(1)]
    public long FencingToken { get; set; }

    [Id(2)]
    public DateTimeOffset? LeaseExpiresAt { get; set; }

    [Id(3)]
    public TimeSpan? LeaseDuration { get; set; }

    [Id(4)]
    public DateTimeOffset? AcquiredAt { get; set; }

    [Id(5)]
    public string? Silo { get; set; }

    [Id(6)]
    public string? Nonce { get; set; }

    [Id(7)]
    public TestChange? LastChange { get; set; }

    [Id(8)]
    public string? Reason { get; set; }

    [Id(9)]
    public DateTimeOffset? ChangedAt { get; set; }
}

public enum TestChange
{
    Grant,
    Release,
}

/// <summary>A stand-in for the lock grain: grain type <c>lock</c>, state name <c>lock</c>, on the default storage.</summary>
public interface ITestLockGrain : IGrainWithStringKey
{
    Task Grant(string owner, long fencingToken);
}

[GrainType("lock")]
public sealed class TestLockGrain([PersistentState("lock")] IPersistentState<TestLockState> state) : Grain, ITestLockGrain
{
    public async Task Grant(string owner, long fencingToken)
    {
        state.State = new TestLockState
        {
            Owner = owner,
            FencingToken = fencingToken,
            Silo = RuntimeIdentity,
            Nonce = Guid.NewGuid().ToString("N"),
            LastChange = TestChange.Grant,
        };
        await state.WriteStateAsync();
    }
}
