namespace Coordination.Runtime.Invocation;

/// <summary>Converts between durations and <see cref="TimeProvider.GetTimestamp"/> units of a clock.</summary>
public static class Timestamps
{
    public static long FromDuration(TimeProvider clock, TimeSpan duration) =>
        (long)(duration.Ticks * ((double)clock.TimestampFrequency / TimeSpan.TicksPerSecond));

    public static TimeSpan ToDuration(TimeProvider clock, long timestampDelta) =>
        TimeSpan.FromTicks((long)(timestampDelta * ((double)TimeSpan.TicksPerSecond / clock.TimestampFrequency)));

    /// <summary>The timestamp <paramref name="duration"/> from now.</summary>
    public static long After(TimeProvider clock, TimeSpan duration) => clock.GetTimestamp() + FromDuration(clock, duration);

    /// <summary>Time left until <paramref name="deadline"/> (negative once it has passed).</summary>
    public static TimeSpan Until(TimeProvider clock, long deadline) => ToDuration(clock, deadline - clock.GetTimestamp());
}
