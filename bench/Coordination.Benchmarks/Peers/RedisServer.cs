using System.Diagnostics;
using System.Globalization;
using System.Net;
using Coordination.Benchmarks.Harness;
using StackExchange.Redis;

namespace Coordination.Benchmarks.Peers;

/// <summary>
/// A <c>redis-server</c> of this run's own: on a free loopback port, persistence off, stopped on dispose. Its
/// per-command counts come from <c>INFO commandstats</c> over an admin connection of its own.
/// </summary>
internal sealed class RedisServer(Process process, ConnectionMultiplexer admin, int port) : IAsyncDisposable
{
    private const string Executable = "redis-server";
    private readonly IServer _server = admin.GetServer(IPAddress.Loopback, port);

    public int Port => port;

    public string Configuration => $"127.0.0.1:{Port}";

    /// <exception cref="PeerUnavailableException">redis-server is not installed, or did not answer.</exception>
    public static async Task<RedisServer> StartAsync()
    {
        var executable = FindExecutable()
            ?? throw new PeerUnavailableException("redis-server is not installed (on Debian or Ubuntu: apt-get install redis-server).");
        var port = LoopbackPort.Free();
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new PeerUnavailableException($"{executable} did not start.");
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var admin = await ConnectWhenUpAsync(process, port);
            return new RedisServer(process, admin, port);
        }
        catch
        {
            Stop(process);
            throw;
        }
    }

    /// <summary>How many times the server has run <paramref name="command"/> (e.g. <c>set</c>).</summary>
    public long Calls(string command)
    {
        var text = InfoText("commandstats");
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith($"cmdstat_{command}:", StringComparison.Ordinal));
        if (line is null)
        {
            return 0;
        }

        var calls = line.Split(':', 2)[1].Split(',')[0];
        return long.Parse(calls["calls=".Length..], CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        await admin.DisposeAsync();
        Stop(process);
    }

    private string InfoText(string section) => (string?)_server.Execute("INFO", section) ?? "";

    private static async Task<ConnectionMultiplexer> ConnectWhenUpAsync(Process process, int port)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new PeerUnavailableException($"redis-server exited with code {process.ExitCode} on start.");
            }

            try
            {
                var admin = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},allowAdmin=true,connectTimeout=1000");
                await admin.GetDatabase().PingAsync();
                return admin;
            }
            catch (RedisConnectionException) when (deadline.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(50);
            }
            catch (RedisConnectionException error)
            {
                throw new PeerUnavailableException($"redis-server did not answer PING on port {port} within 10 s: {error.Message}");
            }
        }
    }

    private static string? FindExecutable() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, Executable))
            .FirstOrDefault(File.Exists);

    private static void Stop(Process process)
    {
        using (process)
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit(5000);
            }
        }
    }
}
