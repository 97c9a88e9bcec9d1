using Coordination.Runtime.Hosting;
using Coordination.Runtime.Storage;
using Coordination.Runtime.Tests.Grains;
using Coordination.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Runtime.Tests.Storage;

public sealed class PersistentStateTests
{
    private readonly MemoryGrainStorage _sharedStore = new(GrainStorageResolver.DefaultName, new GrainStateSerializer());
    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;

    private Task<TestingHost.TestCluster> StartAsync() =>
        TestClusters.StartAsync(b => b.ConfigureSilo(s => s.Services.AddKeyedSingleton<IGrainStorage>(GrainStorageResolver.DefaultName, _sharedStore)));

    [Fact]
    public async Task State_is_read_before_the_first_call_and_survives_a_silo_restart()
    {
        await using (var cluster = await StartAsync())
        {
            var counter = cluster.GrainFactory.GetGrain<ICounterGrain>("restart");
            await counter.Increment();
            await counter.Increment();
            Assert.Equal(3, await counter.Increment());
        }

        await using var restarted = await StartAsync();
        Assert.Equal(3, await restarted.GrainFactory.GetGrain<ICounterGrain>("restart").Get());
    }

    [Fact]
    public async Task A_write_against_a_changed_record_fails_and_deactivates_so_the_next_call_rereads()
    {
        await using var cluster = await StartAsync();
        var counter = cluster.GrainFactory.GetGrain<ICounterGrain>("conflict");
        Assert.Equal(1, await counter.Increment());
        var firstActivation = await counter.ActivationId();
        var etagSeenByGrain = await counter.Etag();

        // Another writer changes the record behind the activation's back.
        var outsider = new GrainState<CounterState>(new CounterState());
        await _sharedStore.ReadStateAsync("counter", GrainId.Create("counter", "conflict"), outsider, _cancellation);
        outsider.State.Value = 10;
        await _sharedStore.WriteStateAsync("counter", GrainId.Create("counter", "conflict"), outsider, _cancellation);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => counter.Increment());
        Assert.Equal(outsider.ETag, error.StoredEtag);
        Assert.Equal(etagSeenByGrain, error.CurrentEtag);

        Assert.Equal(10, await counter.Get());
        Assert.NotEqual(firstActivation, await counter.ActivationId());
        Assert.Equal(11, await counter.Increment());
    }

    [Fact]
    public async Task Storage_operations_are_counted_per_provider()
    {
        await using var cluster = await StartAsync();
        var counter = cluster.GrainFactory.GetGrain<ICounterGrain>("counted");
        await counter.Increment();
        await counter.Increment();
        await counter.Get();

        var statistics = cluster.Primary.Silo.Storage.GetStatistics();
        Assert.Equal(1, statistics.Reads);
        Assert.Equal(2, statistics.Writes);
        Assert.Equal(0, statistics.Conflicts);
    }

    [Fact]
    public async Task A_state_bound_to_an_unregistered_storage_fails_activation_with_a_clear_message()
    {
        await using var cluster = await TestClusters.StartAsync();
        var error = await Assert.ThrowsAsync<GrainActivationException>(() => cluster.GrainFactory.GetGrain<IArchiveGrain>("x").Count());
        Assert.Contains("No grain storage named 'archive'", error.Message, StringComparison.Ordinal);
    }
}
