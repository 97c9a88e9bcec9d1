using Coordination.Runtime.Configuration;

namespace Coordination.Client.Cli;

/// <summary>Everything a command runs with.</summary>
internal sealed class CommandContext
{
    public required ParsedArguments Arguments { get; init; }

    public required CommonOptions Common { get; init; }

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

    public Task<ClusterClient> ConnectAsync(CancellationToken cancellationToken) => ClusterConnection.ConnectAsync(Common, cancellationToken);

    /// <summary>Makes a command's call, repeating it while it certainly did not run, for up to the call timeout.</summary>
    public Task<T> CallAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken) =>
        NotRunRetry.RunAsync(call, Common.CallTimeout ?? new GrainCallOptions().CallTimeout, Settings.RetryClock, cancellationToken);
}
