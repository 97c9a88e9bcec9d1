using System.ComponentModel;

namespace Coordination.Invocation;

/// <summary>Deadline arithmetic shared by generated requests.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class CallTimeouts
{
    /// <summary>The longest deadline a call can have; longer waits are clamped to it.</summary>
    public static readonly TimeSpan Maximum = TimeSpan.FromDays(1);

    /// <summary>The configured timeout plus a wait the callee may spend, clamped to <see cref="Maximum"/>; negative waits add nothing.</summary>
    public static TimeSpan Extend(TimeSpan configuredTimeout, TimeSpan? wait)
    {
        if (wait is not { } extra || extra <= TimeSpan.Zero)
        {
            return configuredTimeout;
        }

        return extra >= Maximum - configuredTimeout ? Maximum : configuredTimeout + extra;
    }
}
