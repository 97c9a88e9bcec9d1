namespace Coordination;

/// <summary>
/// A silo on the call's way could not be reached, or became unreachable before answering. The call was not
/// resent. When <see cref="CallDidNotRun"/> is true it certainly had no effect (it was never sent, or it was
/// refused before it started), and repeating it is safe for any operation; otherwise it may or may not have
/// run, and repeating it is safe only for idempotent operations.
/// </summary>
public sealed class SiloUnavailableException : Exception
{
    public SiloUnavailableException(string message, Exception? innerException = null)
        : this(message, callDidNotRun: false, innerException)
    {
    }

    public SiloUnavailableException(string message, bool callDidNotRun, Exception? innerException = null)
        : base(message, innerException)
    {
        CallDidNotRun = callDidNotRun;
    }

    /// <summary>True when the call certainly did not run: it was never sent, or was refused before it started.</summary>
    public bool CallDidNotRun { get; }
}
