namespace Coordination.Runtime.Hosting;

/// <summary>The silo cannot start, for a reason the operator can fix; the message says what and how.</summary>
public sealed class SiloStartupException(string message, Exception? innerException = null) : Exception(message, innerException);
