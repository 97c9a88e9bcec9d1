using System.Net;
using System.Net.Sockets;

namespace Coordination.Client.Tests;

/// <summary>A cluster that cannot be reached exits 3, naming where coord looked.</summary>
public sealed class UnavailableTests(CoordCluster cluster)
{
    [Theory]
    [InlineData("status")]
    [InlineData("acquire")]
    [InlineData("exec")]
    public async Task A_gateway_nobody_listens_on_exits_3_naming_it(string command)
    {
        var gateway = $"127.0.0.1:{UnusedPort()}";
        string[] rest = command == "exec" ? ["--", "/bin/true"] : [];

        var run = await CoordRun.RunAsync([command, "k", "--gateway", gateway, .. rest], new(), CancellationToken.None);

        Assert.Equal(3, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.StartsWith($"coord: cluster unavailable (cluster 'dev', gateway {gateway}): no gateway could be connected to. {gateway}: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("ConnectionRefused", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_json_unavailability_is_an_error_object_with_exit_code_3()
    {
        var first = $"127.0.0.1:{UnusedPort()}";
        var second = $"127.0.0.1:{UnusedPort()}";

        var run = await CoordRun.RunAsync("status", "k", "--gateway", first, "--gateway", second, "--json");

        Assert.Equal(3, run.ExitCode);
        var error = run.Json();
        Assert.Equal(3, error.GetProperty("exitCode").GetInt32());
        var message = error.GetProperty("error").GetString();
        Assert.StartsWith($"cluster unavailable (cluster 'dev', gateways {first}, {second}): no gateway could be connected to. ", message, StringComparison.Ordinal);
        Assert.Contains($"{first}: Unable to connect to {first}", message, StringComparison.Ordinal);
        Assert.Contains($"{second}: Unable to connect to {second}", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gateways_of_another_cluster_refuse_and_coord_exits_3_saying_so()
    {
        var gateway = cluster.Cluster.GetActiveSilos().First().GatewayAddress.Endpoint.ToString();

        var run = await CoordRun.RunAsync("status", "k", "--gateway", gateway, "--cluster-id", "some-other-cluster");

        Assert.Equal(3, run.ExitCode);
        Assert.StartsWith($"coord: cluster unavailable (cluster 'some-other-cluster', gateway {gateway}): no gateway could be connected to. {gateway}: ", run.Stderr, StringComparison.Ordinal);
        Assert.True(run.Stderr.Contains("(the gateway ended Orleans' handshake, as gateways do with clients of another cluster: is --cluster-id 'some-other-cluster' right?)", StringComparison.Ordinal), run.ToString());
    }

    [Fact]
    public async Task A_gateway_that_accepts_connections_but_never_answers_is_named_with_the_time_it_was_given()
    {
        // The kernel completes connections into the backlog although nothing ever reads them.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var gateway = $"127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";
        var refusing = $"127.0.0.1:{UnusedPort()}";

        var run = await CoordRun.RunAsync("status", "k", "--gateway", gateway, "--gateway", refusing, "--timeout", "1s");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains($"{gateway}: it did not answer within 1s", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{refusing}: Unable to connect to {refusing}. Error: ConnectionRefused", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_interruption_while_connecting_exits_130()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        using var interrupt = new CancellationTokenSource();

        var run = CoordRun.RunAsync(["status", "k", "--gateway", $"127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}", "--json"], new(), interrupt.Token);
        using (await silent.AcceptSocketAsync(TestContext.Current.CancellationToken))
        {
            await interrupt.CancelAsync();
            var result = await run.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);

            Assert.True(result.ExitCode == 130, result.ToString());
            Assert.Equal("interrupted.", result.Json().GetProperty("error").GetString());
        }
    }

    /// <summary>A loopback port that was free a moment ago: bound by the system's choice, then released.</summary>
    private static int UnusedPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
