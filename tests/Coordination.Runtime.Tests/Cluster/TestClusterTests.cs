using Coordination.Runtime.Hosting;
using Coordination.Runtime.Configuration;
using Coordination.Runtime.Tests.Grains;
using Coordination.TestingHost;
using Microsoft.Extensions.Options;

namespace Coordination.Runtime.Tests.Cluster;

public sealed class TestClusterTests
{
    [Fact]
    public async Task A_deployed_cluster_serves_calls_and_stops_when_disposed()
    {
        var cluster = new TestClusterBuilder().Build();
        await cluster.DeployAsync(TestContext.Current.CancellationToken);
        Assert.Single(cluster.Silos);
        Assert.True(cluster.Primary.IsRunning);
        Assert.Equal(cluster.Options.ClusterId, cluster.Primary.Silo.Details.ClusterId);
        Assert.Equal("hi", await cluster.GrainFactory.GetGrain<IEchoGrain>("k").Echo("hi"));
        Assert.Equal(1, cluster.Primary.Silo.ActivationCount);

        await cluster.DisposeAsync();

        Assert.False(cluster.Primary.IsRunning);
        Assert.Throws<InvalidOperationException>(() => cluster.GrainFactory);
    }

    [Fact]
    public async Task Silo_services_can_be_configured_through_configurators()
    {
        await using var cluster = await TestClusters.StartAsync(b => b.AddSiloBuilderConfigurator<ShortCallTimeout>());
        var options = (IOptions<GrainCallOptions>)cluster.Primary.Services.GetService(typeof(IOptions<GrainCallOptions>))!;
        Assert.Equal(TimeSpan.FromSeconds(7), options.Value.CallTimeout);
    }

    [Theory]
    [InlineData("00:00:00", "Coordination:Calls:CallTimeout is 00:00:00; it must be between 00:00:00.0010000 and 1.00:00:00.")]
    [InlineData("-00:00:05", "Coordination:Calls:CallTimeout is -00:00:05; it must be between")]
    public async Task A_bad_call_timeout_fails_start_up_naming_the_setting_and_its_range(string timeout, string expected)
    {
        var cluster = new TestClusterBuilder()
            .ConfigureSilo(s => s.Configure((GrainCallOptions o) => o.CallTimeout = TimeSpan.Parse(timeout, System.Globalization.CultureInfo.InvariantCulture)))
            .Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => cluster.DeployAsync(TestContext.Current.CancellationToken));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_collection_age_fails_start_up_naming_the_setting_and_its_range()
    {
        var cluster = new TestClusterBuilder()
            .ConfigureSilo(s => s.Configure((ActivationOptions o) => o.CollectionAge = TimeSpan.Zero))
            .Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => cluster.DeployAsync(TestContext.Current.CancellationToken));
        Assert.Contains("Coordination:Activation:CollectionAge is 00:00:00; it must be between 00:00:01 and 30.00:00:00.", error.Message, StringComparison.Ordinal);
    }

    private sealed class ShortCallTimeout : ISiloConfigurator
    {
        public void Configure(Runtime.Hosting.ISiloBuilder siloBuilder) =>
            siloBuilder.Configure((GrainCallOptions o) => o.CallTimeout = TimeSpan.FromSeconds(7));
    }
}
