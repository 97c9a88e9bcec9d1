using Coordination.Locks;
using Orleans.TestingHost;

namespace Coordination.Grains.Tests.Grain;

/// <summary>
/// What a silo with locks checks as it starts: its lock settings, that the lock storage exists, and that Orleans'
/// memory storage (lost with its silo) never serves locks in a cluster.
/// </summary>
public sealed class SiloStartupTests
{
    [Fact]
    public async Task Bad_lock_options_fail_start_up_naming_the_setting_and_its_range()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync(silos: 1, silo => silo
            .AddMemoryGrainStorage(LockOptions.DefaultStorageName)
            .AddCoordinationLocks(o => (o.DefaultLease, o.MaxQueueLength) = (TimeSpan.FromHours(2), 0))));

        var configuration = Assert.IsType<OrleansConfigurationException>(error);
        Assert.Contains("Coordination:Locks:DefaultLease is 02:00:00; it must be between 00:00:00.0010000 and 01:00:00.", configuration.Message, StringComparison.Ordinal);
        Assert.Contains("Coordination:Locks:MaxQueueLength is 0; it must be between 1 and 1000000.", configuration.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silo_without_the_lock_storage_fails_start_up_naming_the_provider()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync(silos: 1, silo => silo
            .AddMemoryGrainStorage(LockOptions.DefaultStorageName)
            .AddCoordinationLocks(o => o.StorageName = "lock-store")));

        var configuration = Assert.IsType<OrleansConfigurationException>(error);
        Assert.Contains("the grain storage provider named 'lock-store' (Coordination:Locks:StorageName), and this silo has none", configuration.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_single_silo_serves_locks_from_Orleans_memory_storage()
    {
        await using var cluster = await StartAsync(silos: 1, silo => silo.AddMemoryGrainStorage(LockOptions.DefaultStorageName).AddCoordinationLocks());

        Assert.Equal(1, (await cluster.Client.GetGrain<ILockGrain>("k").TryAcquire("a", TimeSpan.FromSeconds(30))).FencingToken);
    }

    [Fact]
    public async Task A_silo_with_locks_on_Orleans_memory_storage_refuses_to_join_a_cluster()
    {
        await using var cluster = await StartAsync(silos: 1, silo => silo.AddMemoryGrainStorage(LockOptions.DefaultStorageName).AddCoordinationLocks());

        var error = await Assert.ThrowsAnyAsync<Exception>(() => cluster.StartAdditionalSiloAsync());

        var refusal = Assert.IsType<OrleansConfigurationException>(error);
        Assert.Contains($"cannot join cluster '{cluster.Options.ClusterId}', which already has {cluster.Silos[0].Name} ", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("its locks are in Orleans' memory storage ('locks')", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await cluster.Client.GetGrain<ILockGrain>("k").TryAcquire("a", TimeSpan.FromSeconds(30))).FencingToken);
    }

    [Fact]
    public async Task Silos_on_Orleans_memory_storage_starting_together_do_not_form_a_cluster()
    {
        await using var cluster = await StartAsync(silos: 0, silo => silo.AddMemoryGrainStorage(LockOptions.DefaultStorageName).AddCoordinationLocks());

        // Each may read the membership table before the other has written to it; the one that writes later refuses.
        var error = await Assert.ThrowsAnyAsync<Exception>(() => cluster.StartSilosAsync(2, TestContext.Current.CancellationToken));

        Assert.Contains("its locks are in Orleans' memory storage", error.Message, StringComparison.Ordinal);
        var survivor = Assert.Single(cluster.Silos);
        await cluster.KillSiloAsync(survivor, TestContext.Current.CancellationToken);
    }

    private static async Task<InProcessTestCluster> StartAsync(short silos, Action<ISiloBuilder> configure)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ConfigureFileLogging = false;
        // A client needs a gateway to start with.
        builder.Options.InitializeClientOnDeploy = silos > 0;
        builder.ConfigureSilo((_, silo) => configure(silo));
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync(TestContext.Current.CancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }
}
