namespace Coordination.Silo;

/// <summary>How the silo process ends; scripts and supervisors can tell the cases apart.</summary>
internal static class ExitCodes
{
    /// <summary>Stopped gracefully (SIGTERM, Ctrl+C).</summary>
    public const int Success = 0;

    /// <summary>The configuration is invalid, a port is taken, or the cluster refused this silo; the message says what to change.</summary>
    public const int InvalidConfiguration = 2;

    /// <summary>The store could not be reached at start-up.</summary>
    public const int StoreUnavailable = 3;
}
