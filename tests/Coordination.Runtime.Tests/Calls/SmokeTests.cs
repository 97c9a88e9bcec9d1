using Coordination.Runtime.Tests.Grains;
using Coordination.TestingHost;

namespace Coordination.Runtime.Tests.Calls;

public sealed class SmokeTests
{
    [Fact]
    public async Task A_call_reaches_the_grain_and_returns_its_result()
    {
        await using var cluster = new TestClusterBuilder().Build();
        await cluster.DeployAsync(TestContext.Current.CancellationToken);
        var grain = cluster.GrainFactory.GetGrain<IEchoGrain>("a");
        Assert.Equal("hello", await grain.Echo("hello"));
        Assert.Equal(5, await grain.Add(2, 3));
        Assert.Equal("echo/a", await grain.WhoAmI());
    }
}
