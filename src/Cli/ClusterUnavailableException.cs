namespace Coordination.Cli;

/// <summary>coord could not connect to the cluster; the message names each gateway and why it failed.</summary>
internal sealed class ClusterUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException);
