using Coordination.Cli;
using Coordination.Locks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orleans.Runtime.Messaging;

namespace Coordination.Client.Tests;

/// <summary>The lock handles over an Orleans client connected through the cluster's gateways, as an application uses them.</summary>
public sealed class LockProviderTests(CoordCluster cluster)
{
    [Fact]
    public async Task An_application_with_an_Orleans_client_resolves_the_provider_and_takes_and_releases_a_lock()
    {
        var key = CoordCluster.NewKey("app");
        using var host = CoordCluster.ClientHost(cluster.Cluster, services => services.AddCoordinationLockProvider(options => options.Lease = TimeSpan.FromSeconds(20)));
        await host.StartAsync(TestContext.Current.CancellationToken);
        var locks = host.Services.GetRequiredService<CoordinationLockProvider>();

        var handle = await locks.TryAcquireAsync(key, TimeSpan.Zero, TestContext.Current.CancellationToken);

        Assert.NotNull(handle);
        Assert.Same(locks, host.Services.GetRequiredService<CoordinationLockProvider>());
        var status = await cluster.Lock(key).GetStatus();
        Assert.Equal(handle.Owner, status.Holder);
        Assert.Equal(handle.FencingToken, status.FencingToken);
        Assert.Equal(status.LeaseExpiresAt, handle.LeaseExpiresAt);
        await handle.DisposeAsync();
        Assert.Null((await cluster.Lock(key).GetStatus()).Holder);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Lock_options_out_of_range_stop_the_host_at_start_naming_the_setting()
    {
        using var host = CoordCluster.ClientHost(cluster.Cluster, services => services.AddCoordinationLockProvider(options => options.RenewInterval = TimeSpan.FromMinutes(1)));

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("LockClientOptions.RenewInterval must be shorter than the lease (00:00:30)", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wait_whose_answer_does_not_come_within_the_call_timeout_is_cancelled_and_leaves_the_queue()
    {
        var key = CoordCluster.NewKey("wait");
        Assert.True((await cluster.Lock(key).TryAcquire("holder", TimeSpan.FromMinutes(10))).Acquired);
        var clock = new FakeTimeProvider();
        var wait = TimeSpan.FromMinutes(10);
        var options = new LockClientOptions { CallTimeout = TimeSpan.FromSeconds(5), MaxWaitPerCall = wait };
        var locks = new CoordinationLockProvider(cluster.Cluster.Client, options, clock);

        // The silo's own wait runs on real time for ten minutes; only the client's bound can end it within the test's.
        var waiting = locks.TryAcquireAsync(key, wait, TestContext.Current.CancellationToken).AsTask();
        await CoordCluster.WaitForQueueLengthAsync(cluster.Lock(key), 1, waiting);
        clock.Advance(wait + options.CallTimeout);

        Assert.Null(await waiting.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        await CoordCluster.WaitForQueueLengthAsync(cluster.Lock(key), 0, waiting);
        Assert.Equal("holder", (await cluster.Lock(key).GetStatus()).Holder);
    }

    [Fact]
    public async Task A_release_whose_wait_is_cancelled_throws_and_leaves_the_handle_released()
    {
        var key = CoordCluster.NewKey("release");
        var locks = new CoordinationLockProvider(cluster.Cluster.Client);
        var handle = await locks.AcquireAsync(key, TimeSpan.Zero, TestContext.Current.CancellationToken);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => handle.ReleaseAsync(new CancellationToken(canceled: true)).AsTask());

        Assert.False(await handle.ReleaseAsync(TestContext.Current.CancellationToken));
        Assert.False(handle.IsLost);
    }

    public static TheoryData<Exception, bool> Failures => new()
    {
        { new LockUnavailableException("Lock k is moving to a new activation; retry."), true },
        { new SiloUnavailableException("The target silo became unavailable"), true },
        { new GatewayTooBusyException(), true },
        { new ConnectionFailedException("Unable to connect to any of the 1 available gateways."), true },
        { new TimeoutException("Response did not arrive on time"), true },
        { new ArgumentException("owner must not be empty or whitespace.", "owner"), false },
        { new OrleansException("Error from storage provider"), false },
        { new InvalidOperationException("unexpected"), false },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Failures_that_leave_the_outcome_unknown_or_nothing_done_are_retried_and_others_are_not(Exception failure, bool transient) =>
        Assert.Equal(transient, TransientErrors.IsTransient(failure));
}
