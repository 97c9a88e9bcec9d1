using Coordination.Cli;

namespace Coordination.Client.Tests;

public sealed class GatewayAddressTests
{
    [Theory]
    [InlineData("127.0.0.1:30000", "127.0.0.1", 30000)]
    [InlineData(" 10.0.0.5:1 ", "10.0.0.5", 1)]
    [InlineData("[::1]:30001", "::1", 30001)]
    [InlineData("silo-1.internal:65535", "silo-1.internal", 65535)]
    [InlineData("localhost:30000", "localhost", 30000)]
    public void Host_and_port_forms_parse(string text, string host, int port)
    {
        Assert.True(GatewayAddress.TryParse(text, out var gateway, out var problem), problem);
        Assert.Equal(host, gateway.Host);
        Assert.Equal(port, gateway.Port);
        Assert.Equal(text.Trim(), gateway.ToString());
    }

    [Theory]
    [InlineData("nowhere", "is 'nowhere'; use host:port, such as 127.0.0.1:30000 or silo-1.internal:30000.")]
    [InlineData(":30000", "is ':30000'; use host:port, such as 127.0.0.1:30000 or silo-1.internal:30000.")]
    [InlineData("host:", "is 'host:'; use host:port, such as 127.0.0.1:30000 or silo-1.internal:30000.")]
    [InlineData("host:0", "is 'host:0'; its port must be a number from 1 to 65535.")]
    [InlineData("host:+5", "is 'host:+5'; its port must be a number from 1 to 65535.")]
    [InlineData("::1:30000", "is '::1:30000'; '::1' is neither an IPv4 address, a bracketed [IPv6] address nor a host name.")]
    [InlineData("bad host:1", "is 'bad host:1'; 'bad host' is neither an IPv4 address, a bracketed [IPv6] address nor a host name.")]
    public void Anything_else_is_refused_saying_what_is_wrong(string text, string problem)
    {
        Assert.False(GatewayAddress.TryParse(text, out _, out var said));
        Assert.Equal(problem, said);
    }
}
