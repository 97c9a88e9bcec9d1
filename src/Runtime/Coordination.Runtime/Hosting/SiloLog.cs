using Microsoft.Extensions.Logging;

namespace Coordination.Runtime.Hosting;

/// <summary>Log events of the silo's lifetime, source-generated.</summary>
internal static partial class SiloLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Silo {SiloName} started in cluster {ClusterId}: silo endpoint {Address}, gateway {Gateway}, store {Store}")]
    public static partial void Started(ILogger logger, string siloName, string clusterId, string address, string gateway, string store);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Silo {SiloName} is stopping; deactivating {ActivationCount} activations")]
    public static partial void Stopping(ILogger logger, string siloName, int activationCount);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Silo {SiloName} stopped before {ActivationCount} activations finished deactivating")]
    public static partial void DeactivationIncomplete(ILogger logger, string siloName, int activationCount);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Silo {SiloName} could not record its departure in the membership table ({Cause}); failure detection will")]
    public static partial void LeaveFailed(ILogger logger, string siloName, string cause);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Silo {SiloName} stopped")]
    public static partial void Stopped(ILogger logger, string siloName);
}
