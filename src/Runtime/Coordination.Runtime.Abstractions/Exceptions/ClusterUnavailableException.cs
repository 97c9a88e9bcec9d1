namespace Coordination;

/// <summary>No silo or gateway could be reached; the call was not sent.</summary>
public sealed class ClusterUnavailableException(string message, Exception? innerException = null)
    : Exception(message, innerException);
