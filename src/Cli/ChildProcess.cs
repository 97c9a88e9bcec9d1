using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Coordination.Cli;

/// <summary>
/// A command exec runs: started directly (no shell) with coord's stdin, stdout and stderr, and stopped
/// either politely (SIGTERM, then a kill after a grace period) or at once (its whole process tree killed).
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private const int SigTerm = 15;
    private readonly Process _process;

    private ChildProcess(Process process)
    {
        _process = process;
        Id = process.Id;
        Exited = process.WaitForExitAsync(CancellationToken.None);
    }

    public int Id { get; }

    /// <summary>Completes when the process has exited.</summary>
    public Task Exited { get; }

    /// <summary>Its exit code; on Unix, 128 + the signal number when a signal ended it.</summary>
    public int ExitCode => _process.ExitCode;

    /// <exception cref="UsageException">The command could not be started (not found, not executable).</exception>
    public static ChildProcess Start(IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment)
    {
        var startInfo = new ProcessStartInfo(command[0]) { UseShellExecute = false };
        foreach (var argument in command.Skip(1))
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        try
        {
            return new ChildProcess(Process.Start(startInfo) ?? throw new UsageException($"the command '{command[0]}' could not be started."));
        }
        catch (Win32Exception failure)
        {
            throw new UsageException($"the command '{command[0]}' could not be started: {failure.Message}");
        }
    }

    /// <summary>Kills the process and every process it started, and waits until it has exited.</summary>
    public async Task KillTreeAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It has exited already.
        }

        await Exited.ConfigureAwait(false);
    }

    /// <summary>
    /// Asks the process to stop (SIGTERM on Unix) and kills its tree if it has not exited within
    /// <paramref name="gracePeriod"/>. On Windows, where there is no such request, kills the tree at once.
    /// </summary>
    public async Task StopAsync(TimeSpan gracePeriod)
    {
        if (OperatingSystem.IsWindows() || Exited.IsCompleted || SendSignal(Id, SigTerm) != 0)
        {
            await KillTreeAsync().ConfigureAwait(false);
            return;
        }

        try
        {
            await Exited.WaitAsync(gracePeriod).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await KillTreeAsync().ConfigureAwait(false);
        }
    }

    public void Dispose() => _process.Dispose();

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int processId, int signal);
}
