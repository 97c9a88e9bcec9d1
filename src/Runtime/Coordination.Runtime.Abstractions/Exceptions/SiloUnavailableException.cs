namespace Coordination;

/// <summary>
/// The silo a call was sent to became unreachable before answering. The call was not resent; it may or
/// may not have run. Retrying is safe for idempotent operations.
/// </summary>
public sealed class SiloUnavailableException(string message, Exception? innerException = null)
    : Exception(message, innerException);
