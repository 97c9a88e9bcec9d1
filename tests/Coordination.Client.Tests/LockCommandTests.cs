using System.Globalization;
using System.Text.Json;

namespace Coordination.Client.Tests;

/// <summary>acquire, release, renew and status, run in this process against a three-silo cluster.</summary>
public sealed class LockCommandTests(CoordCluster cluster)
{
    [Fact]
    public async Task Acquire_conflict_status_release_status_walks_a_lock_through_its_life()
    {
        var key = CoordCluster.NewKey("orders");

        var acquired = await cluster.RunAsync("acquire", key, "--owner", "alice");
        Assert.True(acquired.ExitCode == 0, acquired.ToString());
        var status = await cluster.Lock(key).GetStatus();
        Assert.Equal("alice", status.Holder);
        var token = status.FencingToken;
        Assert.StartsWith($"acquired {key} as alice, fencing token {token}, lease expires {Iso(status.LeaseExpiresAt)}", acquired.Stdout, StringComparison.Ordinal);
        Assert.Contains($"coord release {key} --owner alice --token {token}", acquired.Stdout, StringComparison.Ordinal);
        Assert.Equal(string.Empty, acquired.Stderr);

        var conflict = await cluster.RunAsync("acquire", key, "--owner", "bob");
        Assert.Equal(1, conflict.ExitCode);
        Assert.Equal($"not acquired: {key} is held by alice (token {token}, lease expires {Iso(status.LeaseExpiresAt)})", conflict.Stdout.Trim());

        var held = await cluster.RunAsync("status", key);
        Assert.Equal(0, held.ExitCode);
        Assert.Equal($"{key} is held by alice (token {token}, lease expires {Iso(status.LeaseExpiresAt)})", held.Stdout.Trim());

        var released = await cluster.RunAsync("release", key, "--owner", "alice", "--token", Text(token));
        Assert.Equal(0, released.ExitCode);
        Assert.Equal($"released {key} (owner alice, fencing token {token})", released.Stdout.Trim());

        var free = await cluster.RunAsync("status", key);
        Assert.Equal(0, free.ExitCode);
        Assert.Equal($"{key} is free (last token {token})", free.Stdout.Trim());
        Assert.Null((await cluster.Lock(key).GetStatus()).Holder);
    }

    [Fact]
    public async Task Json_output_is_one_object_with_the_documented_fields()
    {
        var key = CoordCluster.NewKey();

        var acquired = (await cluster.RunAsync("acquire", key, "--owner", "alice", "--lease", "1m", "--json")).Json();
        Assert.Equal(key, acquired.GetProperty("key").GetString());
        Assert.Equal("alice", acquired.GetProperty("owner").GetString());
        Assert.True(acquired.GetProperty("acquired").GetBoolean());
        Assert.Equal("acquired", acquired.GetProperty("outcome").GetString());
        Assert.Equal("alice", acquired.GetProperty("holder").GetString());
        var token = acquired.GetProperty("fencingToken").GetInt64();
        Assert.True(token > 0);
        var expiry = UtcTime(acquired.GetProperty("leaseExpiresAt"));
        Assert.Equal(Iso((await cluster.Lock(key).GetStatus()).LeaseExpiresAt), Iso(expiry));
        Assert.Equal(0, acquired.GetProperty("exitCode").GetInt32());

        var conflict = await cluster.RunAsync("acquire", key, "--owner", "bob", "--json");
        Assert.Equal(1, conflict.ExitCode);
        Assert.Equal(string.Empty, conflict.Stderr);
        var refused = conflict.Json();
        Assert.False(refused.GetProperty("acquired").GetBoolean());
        Assert.Equal("heldByOther", refused.GetProperty("outcome").GetString());
        Assert.Equal("alice", refused.GetProperty("holder").GetString());
        Assert.Equal(token, refused.GetProperty("fencingToken").GetInt64());
        Assert.Equal(expiry, UtcTime(refused.GetProperty("leaseExpiresAt")));
        Assert.Equal(0, refused.GetProperty("queueLength").GetInt32());
        Assert.Equal(1, refused.GetProperty("exitCode").GetInt32());

        var status = (await cluster.RunAsync("status", key, "--json")).Json();
        Assert.True(status.GetProperty("held").GetBoolean());
        Assert.Equal("alice", status.GetProperty("holder").GetString());
        Assert.Equal(token, status.GetProperty("fencingToken").GetInt64());
        Assert.Equal(expiry, UtcTime(status.GetProperty("leaseExpiresAt")));
        Assert.Equal(0, status.GetProperty("queueLength").GetInt32());

        var released = (await cluster.RunAsync("release", key, "--owner", "alice", "--token", Text(token), "--json")).Json();
        Assert.True(released.GetProperty("released").GetBoolean());
        Assert.Equal(token, released.GetProperty("fencingToken").GetInt64());
        Assert.Equal(0, released.GetProperty("exitCode").GetInt32());

        var free = (await cluster.RunAsync("status", key, "--json")).Json();
        Assert.False(free.GetProperty("held").GetBoolean());
        Assert.Equal(JsonValueKind.Null, free.GetProperty("holder").ValueKind);
        Assert.Equal(JsonValueKind.Null, free.GetProperty("leaseExpiresAt").ValueKind);
    }

    [Fact]
    public async Task Without_an_owner_acquire_uses_and_prints_user_at_host_colon_pid()
    {
        var key = CoordCluster.NewKey();

        var acquired = await cluster.RunAsync("acquire", key, "--json");

        var owner = acquired.Json().GetProperty("owner").GetString();
        Assert.Equal($"{Environment.UserName}@{Environment.MachineName}:{Environment.ProcessId}", owner);
        Assert.Equal(owner, (await cluster.Lock(key).GetStatus()).Holder);
    }

    [Fact]
    public async Task Renew_extends_the_lease_of_the_holder_and_refuses_anyone_else()
    {
        var key = CoordCluster.NewKey();
        var acquired = (await cluster.RunAsync("acquire", key, "--owner", "alice", "--lease", "10s", "--json")).Json();
        var token = Text(acquired.GetProperty("fencingToken").GetInt64());
        var firstExpiry = UtcTime(acquired.GetProperty("leaseExpiresAt"));

        var renewed = await cluster.RunAsync("renew", key, "--owner", "alice", "--token", token, "--lease", "1h");
        Assert.True(renewed.ExitCode == 0, renewed.ToString());
        var expiry = (await cluster.Lock(key).GetStatus()).LeaseExpiresAt;
        Assert.True(expiry > firstExpiry + TimeSpan.FromMinutes(59), $"{expiry} should be about an hour after {firstExpiry}");
        Assert.Equal($"renewed {key} for alice, fencing token {token}, lease expires {Iso(expiry)}", renewed.Stdout.Trim());

        var wrongToken = await cluster.RunAsync("renew", key, "--owner", "alice", "--token", "999999", "--json");
        Assert.Equal(1, wrongToken.ExitCode);
        var refused = wrongToken.Json();
        Assert.False(refused.GetProperty("renewed").GetBoolean());
        Assert.Equal("notHolder", refused.GetProperty("outcome").GetString());
        Assert.Equal("alice", refused.GetProperty("holder").GetString());

        var wrongOwner = await cluster.RunAsync("renew", key, "--owner", "bob", "--token", token);
        Assert.Equal(1, wrongOwner.ExitCode);
        Assert.StartsWith($"not renewed: bob does not hold {key} with fencing token {token}; it is held by alice", wrongOwner.Stdout, StringComparison.Ordinal);
        Assert.Equal(expiry, (await cluster.Lock(key).GetStatus()).LeaseExpiresAt);
    }

    [Fact]
    public async Task Release_with_a_wrong_token_or_owner_exits_1_and_leaves_the_lock_held()
    {
        var key = CoordCluster.NewKey();
        var token = (await cluster.RunAsync("acquire", key, "--owner", "alice", "--json")).Json().GetProperty("fencingToken").GetInt64();

        var wrongToken = await cluster.RunAsync("release", key, "--owner", "alice", "--token", Text(token + 1));
        Assert.Equal(1, wrongToken.ExitCode);
        Assert.StartsWith($"not released: alice does not hold {key} with fencing token {token + 1}; it is held by alice (token {token}", wrongToken.Stdout, StringComparison.Ordinal);

        var wrongOwner = await cluster.RunAsync("release", key, "--owner", "bob", "--token", Text(token), "--json");
        Assert.Equal(1, wrongOwner.ExitCode);
        Assert.False(wrongOwner.Json().GetProperty("released").GetBoolean());

        Assert.Equal("alice", (await cluster.Lock(key).GetStatus()).Holder);
    }

    [Fact]
    public async Task Acquire_with_wait_gives_up_when_the_wait_runs_out()
    {
        var key = CoordCluster.NewKey();
        Assert.Equal(0, (await cluster.RunAsync("acquire", key, "--owner", "alice", "--lease", "1h")).ExitCode);

        var timedOut = await cluster.RunAsync("acquire", key, "--owner", "bob", "--wait", "200ms", "--json");

        Assert.Equal(1, timedOut.ExitCode);
        var refused = timedOut.Json();
        Assert.Equal("waitTimedOut", refused.GetProperty("outcome").GetString());
        Assert.Equal("alice", refused.GetProperty("holder").GetString());
        Assert.Equal(0, (await cluster.Lock(key).GetStatus()).QueueLength);
    }

    [Fact]
    public async Task Acquire_with_wait_takes_the_lock_when_the_holder_releases_it()
    {
        var key = CoordCluster.NewKey();
        var token = (await cluster.RunAsync("acquire", key, "--owner", "alice", "--json")).Json().GetProperty("fencingToken").GetInt64();

        var waiting = cluster.RunAsync("acquire", key, "--owner", "bob", "--wait", "5m", "--json");
        await WaitUntilQueuedAsync(key, waiting);
        Assert.Equal(0, (await cluster.RunAsync("release", key, "--owner", "alice", "--token", Text(token))).ExitCode);

        var taken = await waiting.WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        Assert.True(taken.ExitCode == 0, taken.ToString());
        var json = taken.Json();
        Assert.Equal("bob", json.GetProperty("holder").GetString());
        Assert.Equal(token + 1, json.GetProperty("fencingToken").GetInt64());
    }

    [Fact]
    public async Task The_per_call_timeout_option_is_accepted()
    {
        var status = await cluster.RunAsync("status", CoordCluster.NewKey(), "--timeout", "10s");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.EndsWith("is free (never held)", status.Stdout.Trim(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Waits for the waiting acquire to join the lock's queue. Nothing announces that, so the queue length
    /// (answered by an interleaving call, without waiting on time) is asked until it shows, within a bound.
    /// </summary>
    private async Task WaitUntilQueuedAsync(string key, Task<CoordRun> waiting)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bound.CancelAfter(TimeSpan.FromMinutes(1));
        while ((await cluster.Lock(key).GetStatus()).QueueLength == 0)
        {
            if (waiting.IsCompleted)
            {
                Assert.Fail($"The waiting acquire ended before it queued: {await waiting}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(5), bound.Token);
        }
    }

    private static string Iso(DateTimeOffset? time) => time!.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Text(long token) => token.ToString(CultureInfo.InvariantCulture);

    /// <summary>An ISO-8601 UTC time as the JSON writes it (ending in Z), read back.</summary>
    private static DateTimeOffset UtcTime(JsonElement element)
    {
        var text = element.GetString()!;
        Assert.EndsWith("Z", text, StringComparison.Ordinal);
        return DateTimeOffset.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }
}
