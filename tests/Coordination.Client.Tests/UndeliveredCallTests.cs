using Coordination.Cli;
using Microsoft.Extensions.Logging;

namespace Coordination.Client.Tests;

/// <summary>
/// coord repeats a call that Orleans failed before it reached the grain, and never one that may have run. The
/// failures come from the silo (see <see cref="FirstCallRefusal"/>) and cross the wire as Orleans would carry them.
/// </summary>
public sealed class UndeliveredCallTests(CoordCluster cluster)
{
    [Theory]
    [InlineData("status", "GetStatus", FirstCallRefusal.GatewayTooBusy)]
    [InlineData("status", "GetStatus", FirstCallRefusal.Rejected)]
    [InlineData("acquire", "TryAcquire", FirstCallRefusal.GatewayTooBusy)]
    [InlineData("acquire", "TryAcquire", FirstCallRefusal.Rejected)]
    [InlineData("renew", "Renew", FirstCallRefusal.Rejected)]
    [InlineData("release", "Release", FirstCallRefusal.GatewayTooBusy)]
    [InlineData("release", "Release", FirstCallRefusal.Rejected)]
    public async Task A_call_failed_before_it_reached_the_lock_is_repeated_until_it_runs(string command, string method, string failure)
    {
        var key = FirstCallRefusal.Key(failure, method);
        string[] arguments = command is "release" or "renew" ? ["--owner", "alice", "--token", await HeldByAliceAsync(key)] : [];
        var log = new LogCapture();
        var settings = new CoordAppSettings { LogLevel = LogLevel.Information, ConfigureLogging = logging => logging.AddProvider(log) };

        var run = await cluster.RunAsync(settings, CancellationToken.None, command, [key, .. arguments]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(2, FirstCallRefusal.Calls(key, method));
        Assert.Single(log.Entries, entry => entry.Category == "Coordination.Cli" && entry.EventId.Id == 1300);
    }

    [Theory]
    [InlineData(FirstCallRefusal.SiloUnavailable, "a silo on the call's way was lost; the call may or may not have run")]
    [InlineData(FirstCallRefusal.TimedOut, "the cluster did not answer in time; the call may or may not have run")]
    public async Task A_release_that_may_have_run_is_not_repeated_and_exits_3_saying_so(string failure, string said)
    {
        var key = FirstCallRefusal.Key(failure, "Release");
        var token = await HeldByAliceAsync(key);

        var run = await cluster.RunAsync("release", key, "--owner", "alice", "--token", token);

        Assert.Equal(3, run.ExitCode);
        Assert.Equal(1, FirstCallRefusal.Calls(key, "Release"));
        Assert.StartsWith($"coord: cluster unavailable (cluster '{cluster.Cluster.Options.ClusterId}', gateways ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(said, run.Stderr, StringComparison.Ordinal);
        Assert.Equal("alice", (await cluster.Lock(key).GetStatus()).Holder);
    }

    private async Task<string> HeldByAliceAsync(string key)
    {
        var held = await cluster.Lock(key).TryAcquire("alice", TimeSpan.FromMinutes(5));
        Assert.True(held.Acquired);
        return held.FencingToken.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
