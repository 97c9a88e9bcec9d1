using System.CommandLine;
using Microsoft.Extensions.Logging;

namespace Coordination.Cli;

/// <summary>Everything a command runs with.</summary>
internal sealed class CommandContext
{
    public required ParseResult Parse { get; init; }

    public required CommonValues Common { get; init; }

    public required bool Json { get; init; }

    /// <summary>Where a command writes while it runs (exec's progress and warnings); results go in its report.</summary>
    public required TextWriter Stderr { get; init; }

    public required CoordAppSettings Settings { get; init; }

    /// <summary>Writes a progress line to stderr, in human mode only (JSON mode keeps to one object).</summary>
    public void Progress(string message)
    {
        if (!Json)
        {
            Stderr.WriteLine($"coord: {message}");
        }
    }

    /// <summary>Writes a warning to stderr, in both modes.</summary>
    public void Warn(string message) => Stderr.WriteLine($"coord: warning: {message}");

    /// <exception cref="ClusterUnavailableException">No gateway could be connected to.</exception>
    public Task<ClusterConnection> ConnectAsync(CancellationToken cancellationToken) => ClusterConnection.OpenAsync(Common, Settings, cancellationToken);

    /// <summary>Makes a command's call, repeating it while it certainly did not run, for up to <c>--timeout</c>.</summary>
    public Task<T> CallAsync<T>(ClusterConnection connection, Func<Task<T>> call, CancellationToken cancellationToken) =>
        NotRunRetry.RunAsync(call, Common.Timeout, Settings.RetryClock, connection.LoggerFactory.CreateLogger("Coordination.Cli"), cancellationToken);
}
