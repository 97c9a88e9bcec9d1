using System.Text.Json;
using Coordination.Cli;

namespace Coordination.Client.Tests;

/// <summary>The outcome of one in-process run of coord: its exit code and what it wrote.</summary>
internal sealed record CoordRun(int ExitCode, string Stdout, string Stderr)
{
    public static Task<CoordRun> RunAsync(params string[] args) => RunAsync(args, new CoordAppSettings(), CancellationToken.None);

    public static async Task<CoordRun> RunAsync(string[] args, CoordAppSettings settings, CancellationToken interrupt)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await CoordApp.RunAsync(args, TextWriter.Synchronized(stdout), TextWriter.Synchronized(stderr), settings, interrupt);
        return new CoordRun(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>stdout as the one JSON object it must be; fails if it is anything else.</summary>
    public JsonElement Json()
    {
        var lines = Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"stdout should be one line of JSON, but was:\n{Stdout}");
        using var document = JsonDocument.Parse(lines[0]);
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        return document.RootElement.Clone();
    }

    public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
}
