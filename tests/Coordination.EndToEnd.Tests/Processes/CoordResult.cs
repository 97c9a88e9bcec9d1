using System.Text.Json;

namespace Coordination.EndToEnd.Tests.Processes;

/// <summary>How a run of the coord tool ended: its exit code, its stdout, and everything it said.</summary>
internal sealed record CoordResult(int ExitCode, string StandardOutput, string Output)
{
    /// <summary>The one JSON object <c>--json</c> prints on stdout.</summary>
    public JsonElement Json
    {
        get
        {
            try
            {
                return JsonDocument.Parse(StandardOutput).RootElement.Clone();
            }
            catch (JsonException bad)
            {
                throw new InvalidOperationException($"coord did not print one JSON object ({bad.Message}). It wrote:{Environment.NewLine}{Output}", bad);
            }
        }
    }

    public override string ToString() => $"exit {ExitCode}: {Output}";
}
