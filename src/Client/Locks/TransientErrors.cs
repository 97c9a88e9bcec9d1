using Coordination.Locks;
using Orleans.Runtime.Messaging;

namespace Coordination.Client;

/// <summary>
/// Which failures of a lock call are worth retrying. Each leaves the outcome either "nothing happened" or
/// "unknown"; retrying with the same owner is safe because acquisitions are idempotent per owner, and releases
/// and renewals check the fencing token.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><see cref="LockUnavailableException"/>: the lock grain could not serve the call just now (its store is
/// unreachable, or the activation is moving); it granted nothing it did not report.</item>
/// <item><see cref="OrleansMessageRejectionException"/>, including its subclass
/// <see cref="SiloUnavailableException"/>: Orleans' messaging gave up on the call, typically while a silo is lost
/// and not yet declared dead, or an activation is moving. Some rejections are raised after the request may have
/// reached a silo (a silo connection that broke while the request was being written), hence "unknown".</item>
/// <item><see cref="GatewayTooBusyException"/>: the gateway was shedding load and refused the call on arrival.</item>
/// <item><see cref="ConnectionFailedException"/>: no connection to a gateway could be opened for the call.</item>
/// <item><see cref="TimeoutException"/>: no answer within the response timeout; the call may have run.</item>
/// </list>
/// <see cref="ClientNotAvailableException"/> is not here: Orleans raises it for calls addressed to a client (an
/// observer) that has gone, and lock calls only ever address lock grains.
/// </remarks>
internal static class TransientErrors
{
    public static bool IsTransient(Exception exception) => exception is
        LockUnavailableException
        or OrleansMessageRejectionException
        or GatewayTooBusyException
        or ConnectionFailedException
        or TimeoutException;
}
