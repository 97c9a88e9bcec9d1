namespace Coordination;

/// <summary>
/// A grain call missed its deadline. It was not resent, and its outcome is unknown: the grain may still
/// have run it.
/// </summary>
public sealed class GrainCallTimeoutException : TimeoutException
{
    public GrainCallTimeoutException(string message)
        : base(message)
    {
    }

    internal static GrainCallTimeoutException For(GrainId target, string interfaceName, string methodName, TimeSpan deadline) =>
        new($"The call {interfaceName}.{methodName} to grain {target} missed its deadline of {deadline.TotalSeconds:0.###}s. " +
            "It was not resent; the grain may or may not have run it.");
}
