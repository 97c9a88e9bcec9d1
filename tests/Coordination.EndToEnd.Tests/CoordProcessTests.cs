using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Coordination.EndToEnd.Tests.Processes;

namespace Coordination.EndToEnd.Tests;

/// <summary>The coord tool, run as a process, against silo processes on Elasticsearch: what a script or an operator sees.</summary>
public sealed class CoordProcessTests
{
    [Fact]
    public async Task Acquire_then_a_conflicting_acquire_exits_1_status_shows_the_holder_and_release_frees_the_lock()
    {
        await using var cluster = await ProcessCluster.StartAsync(2, TestContext.Current.CancellationToken);
        var ct = TestContext.Current.CancellationToken;

        var taken = await cluster.CoordAsync(ct, "acquire", "orders/42", "--owner", "alice", "--lease", "5m");
        Assert.True(taken.ExitCode == 0, taken.ToString());
        Assert.True(taken.Json.GetProperty("acquired").GetBoolean());
        Assert.Equal("alice", taken.Json.GetProperty("holder").GetString());
        var token = taken.Json.GetProperty("fencingToken").GetInt64();
        Assert.True(token > 0);
        Assert.True(taken.Json.GetProperty("leaseExpiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(4));

        var refused = await cluster.CoordAsync(ct, "acquire", "orders/42", "--owner", "bob");
        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.False(refused.Json.GetProperty("acquired").GetBoolean());
        Assert.Equal("alice", refused.Json.GetProperty("holder").GetString());

        var status = await cluster.CoordAsync(ct, "status", "orders/42");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Equal(("alice", token, 0), (status.Json.GetProperty("holder").GetString(), status.Json.GetProperty("fencingToken").GetInt64(), status.Json.GetProperty("queueLength").GetInt32()));

        var released = await cluster.CoordAsync(ct, "release", "orders/42", "--owner", "alice", "--token", token.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(released.ExitCode == 0, released.ToString());
        var free = await cluster.CoordAsync(ct, "status", "orders/42");
        Assert.Equal(JsonValueKind.Null, free.Json.GetProperty("holder").ValueKind);
    }

    [Fact]
    public async Task Exec_runs_the_command_under_the_lock_and_exits_with_its_exit_code_then_releases()
    {
        await using var cluster = await ProcessCluster.StartAsync(2, TestContext.Current.CancellationToken);
        var ct = TestContext.Current.CancellationToken;

        var ran = await cluster.CoordAsync(ct, "exec", "jobs/nightly", "--owner", "cron", "--", "/bin/sh", "-c", "test -n \"$COORD_FENCING_TOKEN\" && exit 7");

        Assert.True(ran.ExitCode == 7, ran.ToString());
        var after = await cluster.CoordAsync(ct, "status", "jobs/nightly");
        Assert.Equal(JsonValueKind.Null, after.Json.GetProperty("holder").ValueKind);
        Assert.True(after.Json.GetProperty("fencingToken").GetInt64() > 0);
    }

    [Fact]
    public async Task A_held_lock_stays_visible_through_status_after_the_silo_process_holding_it_is_killed()
    {
        await using var cluster = await ProcessCluster.StartAsync(3, TestContext.Current.CancellationToken);
        var ct = TestContext.Current.CancellationToken;
        await cluster.WaitForMembershipAsync(ct);
        const string key = "survives/1";
        var taken = await cluster.CoordAsync(ct, "acquire", key, "--owner", "survivor", "--lease", "10m");
        Assert.True(taken.ExitCode == 0, taken.ToString());
        var victim = await cluster.HostOfAsync(key, ct);

        victim.Process.Kill();
        await cluster.WaitForMembershipAsync(ct);

        // A survivor that has not yet heard of the death may still route to the dead silo: that attempt is
        // rejected before it runs, and coord repeats it until the survivors agree on the key's new silo.
        var status = await cluster.CoordAsync(ct, "status", key);

        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Equal("survivor", status.Json.GetProperty("holder").GetString());
        Assert.Equal(taken.Json.GetProperty("fencingToken").GetInt64(), status.Json.GetProperty("fencingToken").GetInt64());
        Assert.NotEqual(victim, await cluster.HostOfAsync(key, ct));
        var intruder = await cluster.CoordAsync(ct, "acquire", key, "--owner", "intruder");
        Assert.True(intruder.ExitCode == 1, intruder.ToString());
    }

    [Fact]
    public async Task With_no_gateway_listening_coord_exits_3_and_names_the_gateway()
    {
        await using var cluster = await ProcessCluster.StartAsync(0, TestContext.Current.CancellationToken);
        var closed = ClosedPort();

        var result = await cluster.CoordAsync(["status", "anything"], [$"127.0.0.1:{closed}"], TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains($"127.0.0.1:{closed}", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Coord_finds_the_gateways_in_the_elasticsearch_membership_table_without_being_told_any()
    {
        await using var cluster = await ProcessCluster.StartAsync(2, TestContext.Current.CancellationToken);
        var ct = TestContext.Current.CancellationToken;
        await cluster.WaitForMembershipAsync(ct);
        string[] discovery = ["--elasticsearch", cluster.ElasticsearchUrl, "--membership-index", cluster.MembershipIndex];

        var taken = await cluster.CoordAsync(["acquire", "found/1", "--owner", "finder", .. discovery], gateways: [], ct);
        var status = await cluster.CoordAsync(["status", "found/1", .. discovery], gateways: [], ct);

        Assert.True(taken.ExitCode == 0, taken.ToString());
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Equal("finder", status.Json.GetProperty("holder").GetString());
        Assert.Equal(taken.Json.GetProperty("fencingToken").GetInt64(), status.Json.GetProperty("fencingToken").GetInt64());
    }

    /// <summary>A loopback port nothing listens on: bound by the system, then released.</summary>
    private static int ClosedPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
