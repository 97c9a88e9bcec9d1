namespace Coordination;

/// <summary>
/// Stands in for an exception thrown by a grain whose type the caller cannot rebuild. It carries the
/// original type name, message and stack trace.
/// </summary>
public sealed class RemoteGrainException(string originalTypeName, string message, string? originalStackTrace, Exception? innerException = null)
    : Exception($"{originalTypeName}: {message}", innerException)
{
    /// <summary>The full name of the exception type the grain threw.</summary>
    public string OriginalTypeName { get; } = originalTypeName;

    /// <summary>The message of the original exception.</summary>
    public string OriginalMessage { get; } = message;

    /// <summary>The stack trace of the original exception, where the grain ran.</summary>
    public string? OriginalStackTrace { get; } = originalStackTrace;
}
