using Coordination.Runtime.Tests.Grains;

namespace Coordination.Runtime.Tests.Calls;

public sealed class CallTests
{
    [Fact]
    public async Task Records_lists_and_nullable_values_cross_the_call_boundary()
    {
        await using var cluster = await TestClusters.StartAsync();
        var grain = cluster.GrainFactory.GetGrain<IEchoGrain>("k1");

        var reply = await grain.Reflect(new EchoMessage("hi", 1, ["x"], TimeSpan.FromSeconds(3)));

        Assert.Equal("hi", reply.Text);
        Assert.Equal(2, reply.Count);
        Assert.Equal(["x", "k1"], reply.Tags);
        Assert.Equal(TimeSpan.FromSeconds(3), reply.Delay);
    }

    [Fact]
    public async Task Grain_references_are_cheap_compare_by_id_and_pass_as_arguments_and_results()
    {
        await using var cluster = await TestClusters.StartAsync();
        var factory = cluster.GrainFactory;
        var first = factory.GetGrain<IEchoGrain>("same");
        var second = factory.GetGrain<IEchoGrain>("same");
        Assert.NotSame(first, second);
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.NotEqual(first, factory.GetGrain<IEchoGrain>("other"));

        var relay = factory.GetGrain<IRelayGrain>("r");
        Assert.Equal("r relayed ping", await relay.Relay(first, "ping"));

        var picked = await relay.Pick("chosen");
        Assert.Equal(factory.GetGrain<IEchoGrain>("chosen"), picked);
        Assert.Equal("echo/chosen", await picked.WhoAmI());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task A_missing_key_is_an_argument_exception(string? key)
    {
        await using var cluster = await TestClusters.StartAsync();
        var error = Assert.ThrowsAny<ArgumentException>(() => cluster.GrainFactory.GetGrain<IEchoGrain>(key!));
        Assert.Equal("key", error.ParamName);
    }

    [Fact]
    public async Task A_key_over_512_utf8_bytes_is_refused_with_the_limit_in_the_message()
    {
        await using var cluster = await TestClusters.StartAsync();
        var tooLong = new string('é', 257); // 514 bytes in UTF-8
        var error = Assert.Throws<ArgumentException>(() => cluster.GrainFactory.GetGrain<IEchoGrain>(tooLong));
        Assert.Contains("512", error.Message, StringComparison.Ordinal);
        Assert.Contains("514", error.Message, StringComparison.Ordinal);

        var atLimit = new string('é', 256);
        Assert.Equal($"echo/{atLimit}", await cluster.GrainFactory.GetGrain<IEchoGrain>(atLimit).WhoAmI());
    }

    [Fact]
    public async Task A_known_exception_reaches_the_caller_with_its_type_message_and_parameter()
    {
        await using var cluster = await TestClusters.StartAsync();
        var grain = cluster.GrainFactory.GetGrain<IFaultyGrain>("f");

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => grain.ThrowArgument("lease"));

        Assert.Equal("lease", error.ParamName);
        Assert.StartsWith("must be positive", error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(FaultyGrain.ThrowArgument), error.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_exception_thrown_after_an_await_reaches_the_caller()
    {
        await using var cluster = await TestClusters.StartAsync();
        var error = await Assert.ThrowsAsync<NotSupportedException>(() => cluster.GrainFactory.GetGrain<IFaultyGrain>("f").ThrowAfterAwait());
        Assert.Equal("after an await", error.Message);
    }

    [Fact]
    public async Task An_exception_that_cannot_be_rebuilt_arrives_wrapped_with_its_type_message_and_stack()
    {
        await using var cluster = await TestClusters.StartAsync();
        var grain = cluster.GrainFactory.GetGrain<IFaultyGrain>("f");

        var error = await Assert.ThrowsAsync<RemoteGrainException>(() => grain.ThrowUnknown("boom"));

        Assert.Equal(typeof(GrainSpecificException).FullName, error.OriginalTypeName);
        Assert.Equal("boom", error.OriginalMessage);
        Assert.Contains(nameof(FaultyGrain.ThrowUnknown), error.OriginalStackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_activation_keeps_serving_after_a_call_throws()
    {
        await using var cluster = await TestClusters.StartAsync();
        var grain = cluster.GrainFactory.GetGrain<IEchoGrain>("k");
        await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Fail("nope"));
        Assert.Equal("still here", await grain.Echo("still here"));
    }

    [Fact]
    public async Task A_grain_interface_without_a_generated_proxy_is_a_clear_error()
    {
        await using var cluster = await TestClusters.StartAsync();
        var error = Assert.Throws<InvalidOperationException>(() => cluster.GrainFactory.GetGrain<IGrainWithStringKey>("x"));
        Assert.Contains("no generated grain proxy", error.Message, StringComparison.Ordinal);
    }
}
