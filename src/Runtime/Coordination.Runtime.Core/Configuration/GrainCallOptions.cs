namespace Coordination.Runtime.Configuration;

/// <summary>How outgoing grain calls are timed. Bound from the <c>Coordination:Calls</c> configuration section.</summary>
public sealed class GrainCallOptions
{
    public const string SectionName = "Coordination:Calls";

    /// <summary>
    /// How long a caller waits for an answer before failing with <see cref="GrainCallTimeoutException"/>.
    /// Default 30 seconds; allowed from 1 millisecond to 1 day. Methods with an
    /// <see cref="ExtendsDeadlineAttribute"/> parameter add that wait to it.
    /// </summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often expired calls are looked for, so a timeout fires at most this late. Default 100 milliseconds;
    /// allowed from 1 millisecond to the call timeout.
    /// </summary>
    public TimeSpan DeadlineCheckInterval { get; set; } = TimeSpan.FromMilliseconds(100);
}
