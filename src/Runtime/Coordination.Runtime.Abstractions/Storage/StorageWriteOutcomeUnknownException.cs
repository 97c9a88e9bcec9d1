namespace Coordination.Storage;

/// <summary>
/// The store may or may not have applied a write (a timeout after sending, a reset connection, a 5xx).
/// Never guess: re-read the record and decide from what is stored.
/// </summary>
public sealed class StorageWriteOutcomeUnknownException(string message, Exception? innerException = null)
    : Exception(message, innerException);
