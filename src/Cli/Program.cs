using System.Runtime.InteropServices;

namespace Coordination.Client.Cli;

/// <summary>The entry point of coord: wires Ctrl+C and SIGTERM to cancellation and runs <see cref="CoordApp"/>.</summary>
internal static class Program
{
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
        return await CoordApp.RunAsync(args, Console.Out, Console.Error, interrupted.Token).ConfigureAwait(false);
    }
}
