using Microsoft.Extensions.Logging;

namespace Coordination.Runtime.Membership;

internal static partial class MembershipLog
{
    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Silo {Silo} is now {Status} in the membership table")]
    public static partial void StatusWritten(ILogger logger, string silo, SiloStatus status);

    [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "Membership view v{Version}: active {Active}")]
    public static partial void ViewChanged(ILogger logger, long version, string active);

    [LoggerMessage(EventId = 402, Level = LogLevel.Warning, Message = "Silo {Suspect} missed {Missed} probes in a row; voting it dead")]
    public static partial void Suspecting(ILogger logger, string suspect, int missed);

    [LoggerMessage(EventId = 403, Level = LogLevel.Warning, Message = "Declared silo {Suspect} dead with votes from {Voters}")]
    public static partial void DeclaredDead(ILogger logger, string suspect, string voters);

    [LoggerMessage(EventId = 404, Level = LogLevel.Error, Message = "The membership table says this silo ({Silo}) is dead; it stops now")]
    public static partial void DeclaredDeadSelf(ILogger logger, string silo);

    [LoggerMessage(EventId = 406, Level = LogLevel.Information, Message = "Removed the entries of silos dead for over {Retention}: {Silos}")]
    public static partial void DefunctRemoved(ILogger logger, string retention, string silos);

    [LoggerMessage(EventId = 405, Level = LogLevel.Warning, Message = "The membership table could not be {Operation}: {Cause}")]
    public static partial void TableUnavailable(ILogger logger, string operation, string cause);
}
