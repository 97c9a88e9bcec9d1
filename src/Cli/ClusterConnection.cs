using Coordination.Runtime.Configuration;
using Coordination.Runtime.Messaging;
using Microsoft.Extensions.Options;

namespace Coordination.Client.Cli;

/// <summary>Connects a <see cref="ClusterClient"/> as the common options say.</summary>
internal static class ClusterConnection
{
    private static readonly TimeSpan s_defaultDeadlineCheck = TimeSpan.FromMilliseconds(100);

    /// <exception cref="ClusterUnavailableException">No gateway answered.</exception>
    /// <exception cref="UsageException">An option was refused by the client's validation.</exception>
    public static async Task<ClusterClient> ConnectAsync(CommonOptions common, CancellationToken cancellationToken)
    {
        var options = new ClusterClientOptions
        {
            ClusterId = common.ClusterIdValue,
            ClientName = $"coord-{Environment.MachineName}-{Environment.ProcessId}",
        };
        options.Gateways.AddRange(common.Gateways);
        var calls = new GrainCallOptions();
        var messaging = new MessagingOptions();
        if (common.CallTimeout is { } timeout)
        {
            calls.CallTimeout = timeout;
            calls.DeadlineCheckInterval = Clamp(timeout, TimeSpan.FromMilliseconds(1), s_defaultDeadlineCheck);
            messaging.ConnectTimeout = Clamp(timeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(5));
        }

        try
        {
            return await ClusterClient.ConnectAsync(options, messaging: messaging, calls: calls, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (OptionsValidationException invalid)
        {
            throw new UsageException(string.Join(" ", invalid.Failures.Select(ToOptionNames)));
        }
    }

    private static TimeSpan Clamp(TimeSpan value, TimeSpan minimum, TimeSpan maximum) =>
        value < minimum ? minimum : value > maximum ? maximum : value;

    // The client's messages name configuration keys; on the command line the options are what the user typed.
    private static string ToOptionNames(string failure) => failure
        .Replace($"{ClusterClientOptions.SectionName}:ClusterId", CommonOptions.ClusterId, StringComparison.Ordinal)
        .Replace($"{ClusterClientOptions.SectionName}:Gateways", CommonOptions.Gateway, StringComparison.Ordinal)
        .Replace($"{GrainCallOptions.SectionName}:CallTimeout", CommonOptions.Timeout, StringComparison.Ordinal);
}
