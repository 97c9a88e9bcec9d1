using Coordination.Locks;

namespace Coordination.Client.Cli;

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

    public static CommandReport For(Exception exception, CommonOptions? common, bool interrupted) => exception switch
    {
        OperationCanceledException when interrupted => CommandReport.Error(ExitCodes.Interrupted, "interrupted."),
        UsageException usage => CommandReport.Error(ExitCodes.Usage, usage.Message),
        ArgumentException argument => CommandReport.Error(ExitCodes.Usage, Describe(argument)),
        ClusterUnavailableException => Unavailable(common, null, exception),
        SiloUnavailableException => Unavailable(common, "the connection to the cluster was lost; the call may or may not have run", exception),
        TimeoutException => Unavailable(common, "the cluster did not answer in time; the call may or may not have run", exception),
        LockUnavailableException => Unavailable(common, "the lock could not be served just now; retrying is safe", exception),
        GrainActivationException => Unavailable(common, "the lock could not be activated", exception),
        ObjectDisposedException => Unavailable(common, "the connection to the cluster was closed", exception),
        RemoteGrainException remote => CommandReport.Error(ExitCodes.Refused, $"the cluster failed the call: {remote.OriginalTypeName}: {remote.OriginalMessage}"),
        _ => CommandReport.Error(ExitCodes.Refused, $"failed: {exception.GetType().Name}: {exception.Message}"),
    };

    /// <param name="what">What happened, when the exception's own message does not say it.</param>
    private static CommandReport Unavailable(CommonOptions? common, string? what, Exception exception)
    {
        var where = common is null
            ? string.Empty
            : $" (cluster '{common.ClusterIdValue}', gateway{(common.Gateways.Count == 1 ? string.Empty : "s")} {string.Join(", ", common.Gateways)})";
        return CommandReport.Error(ExitCodes.ClusterUnavailable, $"cluster unavailable{where}: {(what is null ? string.Empty : what + ". ")}{exception.Message}");
    }

    /// <summary>The argument error's first line without its "(Parameter 'x')" suffix, led by the option it concerns.</summary>
    private static string Describe(ArgumentException exception)
    {
        var message = exception.Message.Split('\n')[0].Trim();
        if (exception.ParamName is not { } parameter)
        {
            return message;
        }

        var suffix = $" (Parameter '{parameter}')";
        if (message.EndsWith(suffix, StringComparison.Ordinal))
        {
            message = message[..^suffix.Length];
        }

        return s_optionsByParameter.TryGetValue(parameter, out var option) ? $"invalid {option}: {message}" : message;
    }
}
