using Coordination.Locks;
using Orleans.Runtime.Messaging;

namespace Coordination.Cli;

/// <summary>Turns a failure into its exit code and a message that says what went wrong and where.</summary>
internal static class ErrorReports
{
    // The grain and the lock handles name their parameters; the user typed options.
    private static readonly Dictionary<string, string> s_optionsByParameter = new(StringComparer.Ordinal)
    {
        ["key"] = "<key>",
        ["owner"] = "--owner",
        ["lease"] = "--lease",
        ["Lease"] = "--lease",
        ["waitTimeout"] = "--wait",
        ["timeout"] = "--wait",
        ["fencingToken"] = "--token",
    };

    public static CommandReport For(Exception exception, CommonValues? common, bool interrupted) => exception switch
    {
        OperationCanceledException when interrupted => CommandReport.Error(ExitCodes.Interrupted, "interrupted."),
        UsageException usage => CommandReport.Error(ExitCodes.Usage, usage.Message),
        ArgumentException argument => CommandReport.Error(ExitCodes.Usage, Describe(argument)),
        ClusterUnavailableException => Unavailable(common, null, exception),
        ConnectionFailedException => Unavailable(common, "no connection to a gateway could be opened for the call, which did not run", exception),
        GatewayTooBusyException => Unavailable(common, "the gateway is overloaded and turned the call away; it did not run", exception),
        SiloUnavailableException => Unavailable(common, "a silo on the call's way was lost; the call may or may not have run", exception),
        OrleansMessageRejectionException when NotRunRetry.CertainlyDidNotRun(exception) => Unavailable(common, "the cluster could not deliver the call, which did not run", exception),
        TimeoutException => Unavailable(common, "the cluster did not answer in time; the call may or may not have run", exception),
        LockUnavailableException => Unavailable(common, "the lock could not be served just now; retrying is safe", exception),
        OrleansException => Unavailable(common, "the cluster could not serve the call", exception),
        ObjectDisposedException => Unavailable(common, "the connection to the cluster was closed", exception),
        _ => CommandReport.Error(ExitCodes.Refused, $"failed: {exception.GetType().Name}: {exception.Message}"),
    };

    /// <param name="what">What happened, when the exception's own message does not say it.</param>
    private static CommandReport Unavailable(CommonValues? common, string? what, Exception exception)
    {
        var where = common is null ? string.Empty : $" ({common.Where})";
        return CommandReport.Error(ExitCodes.ClusterUnavailable, $"cluster unavailable{where}: {(what is null ? string.Empty : what + ". ")}{exception.Message}");
    }

    /// <summary>The argument error's first line without its "(Parameter 'x')" suffix, led by the option it concerns.</summary>
    /// <remarks>
    /// An ArgumentException thrown by the lock grain reaches coord through Orleans, which carries its message but not
    /// its ParamName; the parameter is then read back from the suffix .NET wrote into the message.
    /// </remarks>
    private static string Describe(ArgumentException exception)
    {
        var message = exception.Message.Split('\n')[0].Trim();
        var parameter = exception.ParamName;
        var suffixStart = message.LastIndexOf(" (Parameter '", StringComparison.Ordinal);
        if (suffixStart >= 0 && message.EndsWith("')", StringComparison.Ordinal))
        {
            parameter ??= message[(suffixStart + " (Parameter '".Length)..^2];
            message = message[..suffixStart];
        }

        return parameter is not null && s_optionsByParameter.TryGetValue(parameter, out var option) ? $"invalid {option}: {message}" : message;
    }
}
