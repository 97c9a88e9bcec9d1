using Coordination.Client;
using Microsoft.Extensions.Logging;
using Orleans.Runtime.Messaging;

namespace Coordination.Cli;

/// <summary>
/// Repeats a call that certainly did not run until it runs or the time allowed is spent, with growing pauses. Such
/// failures happen while the cluster is still noticing a lost silo: a gateway passes the call towards the silo that
/// used to own the key, cannot connect to it, and rejects the call. A call that may have run is never repeated.
/// </summary>
internal static partial class NotRunRetry
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(50);

    /// <param name="allowed">How long attempts may go on; the last failure is thrown once the next pause would pass it.</param>
    public static async Task<T> RunAsync<T>(Func<Task<T>> call, TimeSpan allowed, TimeProvider clock, ILogger logger, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        var pause = FirstPause;
        while (true)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (Exception notRun) when (CertainlyDidNotRun(notRun) && clock.GetElapsedTime(started) + pause <= allowed)
            {
                LogRepeating(logger, notRun.GetType().Name, notRun.Message, pause);
                pause = await RetryPause.WaitAsync(pause, clock, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Whether Orleans raises <paramref name="failure"/> only for a request that was never handed to the grain, so
    /// that repeating it cannot make it run twice. From Orleans' messaging (ClientMessageCenter, MessageCenter,
    /// SiloConnection, GatewayInboundConnection, CallbackData):
    /// <list type="bullet">
    /// <item><see cref="ConnectionFailedException"/>: the client could not open a connection to any gateway for the
    /// request, and rejected it in this process; it never left it.</item>
    /// <item><see cref="GatewayTooBusyException"/>: the gateway was shedding load and refused the request as it
    /// arrived, before dispatching it.</item>
    /// <item>A bare <see cref="OrleansMessageRejectionException"/> (a rejection that carries no exception of its own):
    /// raised when the client had no gateway to send the request to, when a gateway could not open a connection to
    /// the silo it addressed the request to, when the request reached a newer incarnation of that silo or an
    /// activation that no longer exists and could not be forwarded, or when a stopping silo turned it away unprocessed.</item>
    /// </list>
    /// Its subclass <see cref="SiloUnavailableException"/> is not in the list: a gateway raises it also for requests
    /// that were being written to a silo connection when it broke, and a client when it stops with calls pending;
    /// either may have reached the grain. Nor are <see cref="TimeoutException"/> and errors of the lock grain.
    /// One corner remains: the client re-sends a request that was being written to a gateway connection when it broke,
    /// and if that re-send is what gets rejected, the first copy may have arrived. Repeating then at worst turns an
    /// acquisition into "already held" by the same owner, extends a lease twice, or reports a release that happened
    /// as "not released"; it never grants, extends or releases anything the command did not ask for.
    /// </summary>
    public static bool CertainlyDidNotRun(Exception failure) =>
        failure is ConnectionFailedException or GatewayTooBusyException
        || failure.GetType() == typeof(OrleansMessageRejectionException);

    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "The call was not delivered ({FailureType}: {FailureMessage}); repeating it in {Pause}.")]
    private static partial void LogRepeating(ILogger logger, string failureType, string failureMessage, TimeSpan pause);
}
