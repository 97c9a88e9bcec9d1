namespace Coordination.Client.Tests;

/// <summary>Help, and bad input refused with exit code 2 and a message naming the problem.</summary>
public sealed class UsageTests(CoordCluster cluster)
{
    [Theory]
    [InlineData("--lease", "5x")]
    [InlineData("--lease", "0s")]
    [InlineData("--lease", "-5s")]
    [InlineData("--wait", "soon")]
    [InlineData("--wait", "-1s")]
    [InlineData("--timeout", "0ms")]
    [InlineData("--timeout", "later")]
    public async Task A_bad_duration_exits_2_naming_the_option_and_the_accepted_forms(string option, string value)
    {
        var run = await CoordRun.RunAsync("acquire", "k", option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.StartsWith($"coord: {option} is '{value}'", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("500ms, 30s, 5m, 1h", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("1.5")]
    [InlineData("99999999999999999999")]
    public async Task A_token_that_is_not_a_positive_integer_exits_2(string token)
    {
        var run = await CoordRun.RunAsync("release", "k", "--owner", "alice", "--token", token);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"coord: --token is '{token}'; a fencing token is a positive integer, as printed by acquire.", run.Stderr.Trim());
    }

    [Theory]
    [InlineData(new[] { "acquire", "" }, "coord: <key> must not be empty.")]
    [InlineData(new[] { "acquire", "k", "--owner", "" }, "coord: --owner must not be empty.")]
    [InlineData(new[] { "acquire", "k", "--owner", "  " }, "coord: --owner must not be empty.")]
    [InlineData(new[] { "status" }, "coord: 'coord status' needs a <key>, the name of the lock.")]
    [InlineData(new[] { "status", "a", "b" }, "coord: 'coord status' takes one <key>; 'b' is one too many.")]
    [InlineData(new[] { "release", "k", "--token", "1" }, "coord: --owner is required: the owner that acquired the lock.")]
    [InlineData(new[] { "renew", "k", "--owner", "alice" }, "coord: --token is required: the fencing token the acquisition printed.")]
    [InlineData(new[] { "acquire", "k", "--frobnicate" }, "coord: unknown option --frobnicate for 'coord acquire'; see 'coord acquire --help'.")]
    [InlineData(new[] { "status", "k", "--owner", "alice" }, "coord: unknown option --owner for 'coord status'; see 'coord status --help'.")]
    [InlineData(new[] { "acquire", "k", "--owner" }, "coord: --owner needs a value: --owner O.")]
    [InlineData(new[] { "acquire", "k", "--owner", "a", "--owner", "b" }, "coord: --owner is given more than once.")]
    [InlineData(new[] { "acquire", "k", "--json=yes" }, "coord: --json takes no value.")]
    [InlineData(new[] { "status", "k", "--gateway", "nowhere" }, "coord: --gateway is 'nowhere'; use host:port, such as 127.0.0.1:30000 or silo-1.internal:30000.")]
    [InlineData(new[] { "status", "k", "--gateway", "127.0.0.1:70000" }, "coord: --gateway is '127.0.0.1:70000'; its port must be a number from 1 to 65535.")]
    [InlineData(new[] { "status", "k", "--cluster-id", "" }, "coord: --cluster-id must not be empty.")]
    [InlineData(new[] { "exec", "k" }, "coord: 'coord exec' needs a command after '--': coord exec <key> [--owner O] [--wait DURATION] [--lease DURATION] -- <command> [args...].")]
    [InlineData(new[] { "exec", "k", "stray", "--", "/bin/true" }, "coord: 'coord exec' takes one <key>; 'stray' is one too many (the command goes after '--').")]
    [InlineData(new[] { "exec", "k", "--", " " }, "coord: the command after '--' must not be empty.")]
    [InlineData(new[] { "help", "lock" }, "coord: unknown command 'lock'; the commands are acquire, release, renew, status, exec (see 'coord --help').")]
    [InlineData(new[] { "--frobnicate", "status", "k" }, "coord: unknown option --frobnicate for 'coord status'; see 'coord status --help'.")]
    [InlineData(new[] { "lock", "k" }, "coord: unknown command 'lock'; the commands are acquire, release, renew, status, exec (see 'coord --help').")]
    [InlineData(new string[0], "coord: no command given; run 'coord --help' for the commands.")]
    public async Task Bad_usage_exits_2_with_a_message_naming_the_problem(string[] args, string message)
    {
        var run = await CoordRun.RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Equal(message, run.Stderr.Trim());
    }

    [Fact]
    public async Task With_json_a_usage_error_is_one_json_object_on_stdout_and_a_message_on_stderr()
    {
        var run = await CoordRun.RunAsync("acquire", "k", "--lease", "5x", "--json");

        Assert.Equal(2, run.ExitCode);
        var error = run.Json();
        Assert.StartsWith("--lease is '5x'", error.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, error.GetProperty("exitCode").GetInt32());
        Assert.StartsWith("coord: --lease is '5x'", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_owner_the_server_refuses_exits_2_with_the_servers_message()
    {
        var run = await cluster.RunAsync("acquire", CoordCluster.NewKey(), "--owner", new string('o', 300), "--json");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("invalid --owner: owner must be at most 256 characters; it was 300.", run.Json().GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_lease_longer_than_the_server_allows_exits_2_with_the_servers_message()
    {
        var run = await cluster.RunAsync("acquire", CoordCluster.NewKey(), "--lease", "2h");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("coord: invalid --lease: lease must be at most 01:00:00; it was 02:00:00.", run.Stderr.Trim());
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public async Task Help_lists_the_commands_and_documents_the_exit_codes(string help)
    {
        var run = await CoordRun.RunAsync(help);

        Assert.Equal(0, run.ExitCode);
        foreach (var command in new[] { "acquire", "release", "renew", "status", "exec" })
        {
            Assert.Contains($"  {command} ", run.Stdout, StringComparison.Ordinal);
        }

        Assert.Contains("Exit codes:", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("  3    cluster unavailable", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("--gateway <host:port>", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("until its lease expires or it is released", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Durations: a number with a unit", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stderr);
    }

    [Theory]
    [InlineData("acquire", "--help")]
    [InlineData("help", "acquire")]
    [InlineData("acquire", "-h")]
    public async Task Command_help_shows_its_usage_options_and_exit_codes(string first, string second)
    {
        var run = await CoordRun.RunAsync(first, second);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("Description:\n  Take a lock; it stays held after coord exits", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Usage:\n  coord acquire <key> [options]", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("--wait <DURATION>", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("the lock stays held until", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("--cluster-id <ID>", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("  1    not acquired", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("  2    bad usage", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_help_names_the_environment_variables_and_the_exit_codes_of_a_lost_lock_and_an_interruption()
    {
        var run = await CoordRun.RunAsync("exec", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("COORD_KEY, COORD_OWNER, COORD_FENCING_TOKEN", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("the lock was lost and the command killed", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("  130  interrupted", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Usage: coord exec <key> [--owner O] [--wait DURATION] [--lease DURATION] -- <command> [args...]", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_wins_over_a_command_line_that_is_otherwise_incomplete()
    {
        var run = await CoordRun.RunAsync("release", "--json", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Usage:\n  coord release <key> [options]", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("--token <N>", run.Stdout, StringComparison.Ordinal);
    }
}
