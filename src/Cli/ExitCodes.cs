namespace Coordination.Cli;

/// <summary>The exit codes of coord; <c>coord --help</c> documents them.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>Not acquired, not released or not renewed; for exec, also: the lock was lost while the command ran.</summary>
    public const int Refused = 1;

    /// <summary>Bad usage or input; the message names the problem.</summary>
    public const int Usage = 2;

    /// <summary>The cluster could not be reached, the connection was lost, or it did not answer in time.</summary>
    public const int ClusterUnavailable = 3;

    /// <summary>Stopped by Ctrl+C (SIGINT) or SIGTERM, as shells report a process ended by SIGINT.</summary>
    public const int Interrupted = 130;
}
