using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Coordination.Cli;


namespace Coordination.Client.Tests;

/// <summary>
/// exec runs real child processes (/bin/sh, sleep). Where a test must know that the command is running, or
/// that it has died, the command writes into a FIFO: opening the FIFO completes when the command opens it,
/// and reading it returns end-of-file once every process holding it has exited.
/// </summary>
public sealed class ExecTests(CoordCluster cluster) : IDisposable
{
    private const string PosixOnly = "exec is tested with POSIX commands (/bin/sh, sleep, mkfifo)";
    private readonly string _directory = Directory.CreateTempSubdirectory("coord-exec-").FullName;

    public static bool OnWindows => OperatingSystem.IsWindows();

    [Fact(Skip = PosixOnly, SkipWhen = nameof(OnWindows))]
    public async Task Exec_exits_with_the_commands_exit_code_and_releases_the_lock()
    {
        var key = CoordCluster.NewKey("job");

        var run = await cluster.RunAsync("exec", key, "--owner", "runner", "--", "/bin/sh", "-c", "exit 7");

        Assert.True(run.ExitCode == 7, run.ToString());
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Contains($"coord: acquired {key} as runner, fencing token ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"coord: /bin/sh -c 'exit 7' exited with code 7; released {key}", run.Stderr, StringComparison.Ordinal);
        var status = await cluster.Lock(key).GetStatus();
        Assert.Null(status.Holder);
        Assert.True(status.FencingToken > 0);
    }

    [Fact(Skip = PosixOnly, SkipWhen = nameof(OnWindows))]
    public async Task Exec_gives_the_command_the_key_owner_and_fencing_token_in_its_environment()
    {
        var key = CoordCluster.NewKey("job");
        var output = Path.Combine(_directory, "environment");

        var run = await cluster.RunAsync(
            "exec", key, "--owner", "runner", "--json", "--",
            "/bin/sh", "-c", "printf '%s|%s|%s' \"$COORD_KEY\" \"$COORD_OWNER\" \"$COORD_FENCING_TOKEN\" > \"$0\"", output);

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        var token = json.GetProperty("fencingToken").GetInt64();
        Assert.Equal($"{key}|runner|{token}", await File.ReadAllTextAsync(output, TestContext.Current.CancellationToken));
        Assert.True(json.GetProperty("acquired").GetBoolean());
        Assert.Equal(0, json.GetProperty("commandExitCode").GetInt32());
        Assert.False(json.GetProperty("lockLost").GetBoolean());
        Assert.True(json.GetProperty("released").GetBoolean());
        Assert.Equal(0, json.GetProperty("exitCode").GetInt32());
        Assert.Equal(string.Empty, run.Stderr);
    }

    [Fact(Skip = PosixOnly, SkipWhen = nameof(OnWindows))]
    public async Task Exec_does_not_run_the_command_when_another_owner_holds_the_lock()
    {
        var key = CoordCluster.NewKey("job");
        var held = await cluster.Lock(key).TryAcquire("someone-else", TimeSpan.FromMinutes(5));
        var marker = Path.Combine(_directory, "ran");

        var run = await cluster.RunAsync("exec", key, "--json", "--", "/bin/sh", "-c", "touch \"$0\"", marker);

        Assert.Equal(1, run.ExitCode);
        Assert.False(File.Exists(marker), "The command ran although the lock was not acquired.");
        var json = run.Json();
        Assert.False(json.GetProperty("acquired").GetBoolean());
        Assert.Equal("someone-else", json.GetProperty("holder").GetString());
        Assert.Equal(held.FencingToken, json.GetProperty("fencingToken").GetInt64());
        Assert.Equal(1, json.GetProperty("exitCode").GetInt32());
    }

    [Fact(Skip = PosixOnly, SkipWhen = nameof(OnWindows))]
    public async Task Exec_kills_the_commands_process_tree_and_exits_1_when_the_lock_is_lost()
    {
        var key = CoordCluster.NewKey("job");
        var clock = new FakeTimeProvider();
        var fifo = await MakeFifoAsync("lost");

        // sh starts sleep as a child of its own (the "; true" keeps sh from exec'ing it), with the FIFO as its stdout.
        var run = cluster.RunAsync(
            new CoordAppSettings { LockClock = clock }, CancellationToken.None,
            "exec", key, "--lease", "30s", "--", "/bin/sh", "-c", "sleep 600 > \"$0\"; true", fifo);
        await using var sleepOutput = await OpenWhenWrittenAsync(fifo, run);

        Assert.True(await cluster.Lock(key).ForceRelease("the test takes the lock away"));
        // The handle renews every third of the lease on its clock; this renewal is refused, and the lock is lost.
        clock.Advance(TimeSpan.FromSeconds(10));

        var result = await run.WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"coord: lock lost: {key}", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("killed /bin/sh -c", result.Stderr, StringComparison.Ordinal);
        // End of file: sleep, sh's child, is dead too.
        Assert.Equal(0, await sleepOutput.ReadAsync(new byte[1], TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken));
    }

    [Fact(Skip = PosixOnly, SkipWhen = nameof(OnWindows))]
    public async Task Exec_reports_a_lost_lock_in_its_json()
    {
        var key = CoordCluster.NewKey("job");
        var clock = new FakeTimeProvider();
        var fifo = await MakeFifoAsync("lost-json");

        var run = cluster.RunAsync(
            new CoordAppSettings { LockClock = clock }, CancellationToken.None,
            "exec", key, "--lease", "3s", "--json", "--", "/bin/sh", "-c", "exec sleep 600 > \"$0\"", fifo);
        await using var sleepOutput = await OpenWhenWrittenAsync(fifo, run);
        Assert.True(await cluster.Lock(key).ForceRelease("the test takes the lock away"));
        clock.Advance(TimeSpan.FromSeconds(1));

        var result = await run.WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        Assert.Equal(1, result.ExitCode);
        var json = result.Json();
        Assert.True(json.GetProperty("lockLost").GetBoolean());
        Assert.False(json.GetProperty("released").GetBoolean());
        Assert.Equal(1, json.GetProperty("exitCode").GetInt32());
        Assert.Contains($"coord: lock lost: {key}", result.Stderr, StringComparison.Ordinal);
    }

    [Fact(Skip = PosixOnly, SkipWhen = nameof(OnWindows))]
    public async Task An_interrupted_exec_stops_the_command_releases_the_lock_and_exits_130()
    {
        var key = CoordCluster.NewKey("job");
        var fifo = await MakeFifoAsync("interrupted");
        using var interrupt = new CancellationTokenSource();

        var run = cluster.RunAsync(new CoordAppSettings(), interrupt.Token, "exec", key, "--", "/bin/sh", "-c", "exec sleep 600 > \"$0\"", fifo);
        await using var sleepOutput = await OpenWhenWrittenAsync(fifo, run);
        Assert.NotNull((await cluster.Lock(key).GetStatus()).Holder);
        await interrupt.CancelAsync();

        var result = await run.WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        Assert.True(result.ExitCode == 130, result.ToString());
        Assert.Contains($"coord: interrupted; stopped /bin/sh -c 'exec sleep 600 > \"$0\"' {fifo}; released {key}", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, await sleepOutput.ReadAsync(new byte[1], TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken));
        Assert.Null((await cluster.Lock(key).GetStatus()).Holder);
    }

    [Fact(Skip = PosixOnly, SkipWhen = nameof(OnWindows))]
    public async Task A_command_that_cannot_be_started_exits_2_and_releases_the_lock()
    {
        var key = CoordCluster.NewKey("job");
        var missing = Path.Combine(_directory, "no-such-command");

        var run = await cluster.RunAsync("exec", key, "--", missing);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"coord: the command '{missing}' could not be started", run.Stderr, StringComparison.Ordinal);
        Assert.Null((await cluster.Lock(key).GetStatus()).Holder);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<string> MakeFifoAsync(string name)
    {
        var path = Path.Combine(_directory, name);
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo") { ArgumentList = { path } })!;
        await mkfifo.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }

    /// <summary>
    /// Opens the FIFO for reading, which completes once the command has opened it for writing, i.e. is running.
    /// If coord ends first, the test fails with what it said (and the open is released by opening the other end).
    /// </summary>
    private static async Task<FileStream> OpenWhenWrittenAsync(string fifo, Task<CoordRun> run)
    {
        var opening = Task.Run(() => new FileStream(fifo, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1));
        var first = await Task.WhenAny(opening, run).WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        if (first == opening)
        {
            return await opening;
        }

        await using (new FileStream(fifo, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 1))
        {
        }

        await (await opening).DisposeAsync();
        Assert.Fail($"coord ended before the command opened its FIFO: {await run}");
        throw new UnreachableException();
    }
}
