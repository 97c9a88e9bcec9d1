using Microsoft.Extensions.Logging;

namespace Coordination.TestingHost;

/// <summary>One log line written by a silo of a test cluster.</summary>
public sealed record CapturedLogEntry(string Silo, string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception)
{
    public override string ToString() => $"[{Silo}] {Level} {Category}: {Message}";
}
