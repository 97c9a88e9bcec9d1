using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Coordination.Cli;

/// <summary>The entry point of coord: wires Ctrl+C and SIGTERM to cancellation, and COORD_LOG_LEVEL to stderr logging.</summary>
internal static class Program
{
    public const string LogLevelVariable = "COORD_LOG_LEVEL";

    public static async Task<int> Main(string[] args)
    {
        using var interrupted = new CancellationTokenSource();
        void Interrupt(PosixSignalContext signal)
        {
            // The first signal stops coord in order (the command stopped, the lock released); a second one ends it at once.
            signal.Cancel = !interrupted.IsCancellationRequested;
            interrupted.Cancel();
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);
        return await CoordApp.RunAsync(args, Console.Out, Console.Error, Settings(), interrupted.Token).ConfigureAwait(false);
    }

    private static CoordAppSettings Settings() =>
        Enum.TryParse<LogLevel>(Environment.GetEnvironmentVariable(LogLevelVariable), ignoreCase: true, out var level)
            ? new CoordAppSettings
            {
                LogLevel = level,
                ConfigureLogging = logging => logging.AddSimpleConsole(console => console.SingleLine = true)
                    .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace),
            }
            : new CoordAppSettings();
}
