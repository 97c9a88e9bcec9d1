using Coordination.Locks;

namespace Coordination.Client;

/// <summary>
/// Which failures of a lock call are worth retrying. All of them leave the outcome either "nothing
/// happened" or "unknown"; retrying with the same owner is safe because acquisitions are idempotent
/// per owner, and releases and renewals check the fencing token.
/// </summary>
internal static class TransientErrors
{
    public static bool IsTransient(Exception exception) => exception is
        LockUnavailableException
        or SiloUnavailableException
        or ClusterUnavailableException
        or GrainActivationException
        or TimeoutException;
}
