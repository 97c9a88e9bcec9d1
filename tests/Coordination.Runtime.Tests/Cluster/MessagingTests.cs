using System.Buffers.Binary;
using System.Net.Sockets;
using Coordination.Invocation;
using Coordination.Runtime.Hosting;
using Coordination.Runtime.Invocation;
using Coordination.Runtime.Configuration;
using Coordination.Runtime.Messaging;
using Coordination.Runtime.Tests.Grains;
using Coordination.Serialization;
using Coordination.TestingHost;
using Microsoft.Extensions.Logging.Abstractions;

namespace Coordination.Runtime.Tests.Cluster;

public sealed class MessagingTests
{
    private static readonly TimeSpan s_readable = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("another-cluster", Handshake.CurrentProtocolVersion, "cluster id 'another-cluster' is not this cluster's")]
    [InlineData(null, 99, "protocol version 99 is not 1")]
    public async Task A_peer_of_another_cluster_or_protocol_is_refused_and_both_sides_log_why(string? clusterId, int protocolVersion, string reason)
    {
        await using var cluster = await ClusterOf.StartAsync(1);
        var silo = cluster.Primary;
        var peerLogs = new LogCapture();
        var hello = new Handshake(protocolVersion, clusterId ?? cluster.Options.ClusterId, PeerRole.Silo, "127.0.0.1:1@1");
        using var pending = new PendingCallTable(TimeProvider.System, TimeSpan.FromSeconds(1));

        var refused = await Assert.ThrowsAsync<HandshakeRefusedException>(() => OutboundConnection.ConnectAsync(
            silo.Address.Endpoint, $"silo {silo.Address}", hello, new MessagingOptions(), pending, silo.GrainFactory,
            TimeProvider.System, TimeProvider.System, peerLogs.ProviderFor("peer").CreateLogger("test"), TestContext.Current.CancellationToken));

        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
        await cluster.Logs.WaitForAsync(e => e.Silo == silo.Name && e.Message.StartsWith("Refused a connection from", StringComparison.Ordinal) && e.Message.Contains(reason, StringComparison.Ordinal), s_readable, TestContext.Current.CancellationToken);
        await peerLogs.WaitForAsync(e => e.Message.Contains("refused our connection", StringComparison.Ordinal) && e.Message.Contains(reason, StringComparison.Ordinal), s_readable, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Bytes_that_are_not_a_handshake_close_only_that_connection()
    {
        await using var cluster = await ClusterOf.StartAsync(1);
        using var socket = await ConnectRawAsync(cluster.Primary);

        await socket.SendAsync(FrameBytes(FrameKind.Request, [1, 2, 3]), TestContext.Current.CancellationToken);

        await ReadUntilClosedAsync(socket);
        await cluster.Logs.WaitForAsync(e => e.Message.Contains("opened with a Request frame instead of a handshake", StringComparison.Ordinal), s_readable, TestContext.Current.CancellationToken);
        Assert.Equal("still here", await cluster.GrainFactory.GetGrain<IEchoGrain>("after-garbage").Echo("still here"));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(4 * 1024 * 1024 + 1)]
    public async Task A_frame_with_an_impossible_length_closes_the_connection_and_is_logged(int length)
    {
        await using var cluster = await ClusterOf.StartAsync(1);
        using var socket = await HandshakenSocketAsync(cluster);

        var prefix = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(prefix, length);
        await socket.SendAsync(prefix, TestContext.Current.CancellationToken);

        await ReadUntilClosedAsync(socket);
        await cluster.Logs.WaitForAsync(e => e.Message.Contains($"a frame of {length} bytes, outside 1 to {4 * 1024 * 1024}", StringComparison.Ordinal), s_readable, TestContext.Current.CancellationToken);
        Assert.Equal("still here", await cluster.GrainFactory.GetGrain<IEchoGrain>("after-oversized").Echo("still here"));
    }

    [Theory]
    [InlineData(FrameKind.Request, new byte[] { 0xFF, 0xFF })]
    [InlineData(FrameKind.Response, new byte[] { 1 })]
    [InlineData((FrameKind)200, new byte[0])]
    public async Task A_malformed_frame_closes_the_connection_and_is_logged(FrameKind kind, byte[] payload)
    {
        await using var cluster = await ClusterOf.StartAsync(1);
        using var socket = await HandshakenSocketAsync(cluster);

        await socket.SendAsync(FrameBytes(kind, payload), TestContext.Current.CancellationToken);

        await ReadUntilClosedAsync(socket);
        await cluster.Logs.WaitForAsync(e => e.Message.StartsWith("Closed the connection with", StringComparison.Ordinal), s_readable, TestContext.Current.CancellationToken);
        Assert.Equal("still here", await cluster.GrainFactory.GetGrain<IEchoGrain>("after-malformed").Echo("still here"));
    }

    [Fact]
    public async Task Calls_in_flight_to_a_silo_that_dies_fail_at_once_as_silo_unavailable_and_are_not_resent()
    {
        await using var cluster = await ClusterOf.StartAsync(3, b => b.ConfigureSilo(s => s.Configure((GrainCallOptions o) => o.CallTimeout = TimeSpan.FromMinutes(5))));
        var (caller, victim) = (cluster.Silos[0], cluster.Silos[1]);
        var key = TestCluster.KeysPlacedOn(victim, "hold").First();
        var name = Signals.NewScope();
        var call = caller.GrainFactory.GetGrain<IHoldGrain>(key).Hold(name);
        await Signals.WaitAsync(name + ":entered");

        await cluster.KillSiloAsync(victim);

        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => call.WaitAsync(s_readable, TestContext.Current.CancellationToken));
        Assert.Contains("may or may not have run", error.Message, StringComparison.Ordinal);
        Assert.False(error.CallDidNotRun);
        Signals.Set(name + ":release");
        await cluster.WaitForLivenessToStabilizeAsync(TestContext.Current.CancellationToken);
        Assert.Equal(1, HoldGrain.Runs(name));
    }

    [Fact]
    public async Task A_call_whose_connection_is_cut_fails_and_runs_at_most_once_even_after_the_link_heals()
    {
        await using var cluster = await ClusterOf.StartAsync(3, b => b.ConfigureSilo(s => s.Configure((GrainCallOptions o) => o.CallTimeout = TimeSpan.FromMinutes(5))));
        var (caller, callee) = (cluster.Silos[0], cluster.Silos[1]);
        var key = TestCluster.KeysPlacedOn(callee, "hold").First();
        var name = Signals.NewScope();
        var call = caller.GrainFactory.GetGrain<IHoldGrain>(key).Hold(name);
        await Signals.WaitAsync(name + ":entered");

        cluster.CutConnection(caller, callee);
        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => call.WaitAsync(s_readable, TestContext.Current.CancellationToken));
        var refused = await Assert.ThrowsAsync<SiloUnavailableException>(() => caller.GrainFactory.GetGrain<IEchoGrain>(TestCluster.KeysPlacedOn(callee, "echo").First()).Echo("x"));
        cluster.HealConnection(caller, callee);
        Signals.Set(name + ":release");

        Assert.Contains("was lost", error.Message, StringComparison.Ordinal);
        Assert.False(error.CallDidNotRun);
        Assert.Contains("cut", refused.Message, StringComparison.Ordinal);
        Assert.True(refused.CallDidNotRun);
        var again = Signals.NewScope();
        Signals.Set(again + ":release");
        Assert.Equal(1, await caller.GrainFactory.GetGrain<IHoldGrain>(key).Hold(again));
        Assert.Equal(1, HoldGrain.Runs(name));
    }

    [Fact]
    public async Task A_remote_call_past_its_deadline_fails_with_a_timeout_naming_the_grain_and_method_and_is_not_resent()
    {
        await using var cluster = await ClusterOf.StartAsync(2, b => b.ConfigureSilo(s => s.Configure((GrainCallOptions o) => o.CallTimeout = TimeSpan.FromMilliseconds(300))));
        var (caller, callee) = (cluster.Silos[0], cluster.Silos[1]);
        var key = TestCluster.KeysPlacedOn(callee, "hold").First();
        var name = Signals.NewScope();

        var error = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => caller.GrainFactory.GetGrain<IHoldGrain>(key).Hold(name));
        Signals.Set(name + ":release");

        Assert.Contains("Hold", error.Message, StringComparison.Ordinal);
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.Equal(1, HoldGrain.Runs(name));
    }

    private static async Task<Socket> ConnectRawAsync(SiloHandle silo)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(silo.Address.Endpoint, TestContext.Current.CancellationToken);
        return socket;
    }

    /// <summary>A raw connection that has passed the handshake, so the bytes sent next reach the frame loop.</summary>
    private static async Task<Socket> HandshakenSocketAsync(TestCluster cluster)
    {
        var socket = await ConnectRawAsync(cluster.Primary);
        var hello = new Handshake(Handshake.CurrentProtocolVersion, cluster.Options.ClusterId, PeerRole.Silo, "127.0.0.1:1@1");
        var frame = new PooledFrameBuffer(FrameKind.Handshake);
        var writer = new CodecWriter(frame);
        hello.Write(ref writer);
        frame.Complete();
        await socket.SendAsync(frame.Frame.ToArray(), TestContext.Current.CancellationToken);
        frame.Return();

        var header = new byte[5];
        await ReadExactlyAsync(socket, header);
        Assert.Equal(FrameKind.HandshakeAccepted, (FrameKind)header[4]);
        await ReadExactlyAsync(socket, new byte[BinaryPrimitives.ReadInt32LittleEndian(header) - 1]);
        return socket;
    }

    private static byte[] FrameBytes(FrameKind kind, byte[] payload)
    {
        var bytes = new byte[5 + payload.Length];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, payload.Length + 1);
        bytes[4] = (byte)kind;
        payload.CopyTo(bytes, 5);
        return bytes;
    }

    private static async Task ReadExactlyAsync(Socket socket, byte[] buffer)
    {
        for (var read = 0; read < buffer.Length;)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read), TestContext.Current.CancellationToken).AsTask().WaitAsync(s_readable);
            Assert.NotEqual(0, n);
            read += n;
        }
    }

    /// <summary>Completes when the silo has closed the connection (an orderly close or a reset).</summary>
    private static async Task ReadUntilClosedAsync(Socket socket)
    {
        var buffer = new byte[1024];
        try
        {
            while (await socket.ReceiveAsync(buffer, TestContext.Current.CancellationToken).AsTask().WaitAsync(s_readable) > 0)
            {
            }
        }
        catch (SocketException)
        {
            // A reset is a close too.
        }
    }
}
