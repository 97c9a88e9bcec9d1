using System.Text.Json;
using Coordination.Locks;

namespace Coordination.Cli;

/// <summary>How lock facts are worded in human output and named in JSON, the same way by every command.</summary>
internal static class LockText
{
    /// <summary>The JSON name of an outcome: <c>heldByOther</c>.</summary>
    public static string Outcome(LockOutcome outcome) => JsonNamingPolicy.CamelCase.ConvertName(outcome.ToString());

    public static string Expiry(DateTimeOffset? leaseExpiresAt) =>
        leaseExpiresAt is { } time ? $"lease expires {CommandReport.FormatTime(time)}" : "no lease";

    /// <summary>"held by bob (token 6, lease expires …, 2 waiting)", or "free (last token 6)".</summary>
    public static string Holding(LockStatus status) => status.Holder is { } holder
        ? $"held by {holder} (token {status.FencingToken}, {Expiry(status.LeaseExpiresAt)}{Waiting(status.QueueLength)})"
        : status.FencingToken > 0 ? $"free (last token {status.FencingToken}{Waiting(status.QueueLength)})" : $"free (never held{Waiting(status.QueueLength)})";

    private static string Waiting(int queueLength) => queueLength > 0 ? $", {queueLength} waiting" : string.Empty;

    /// <summary>Asks for the status to explain a refusal; null if the cluster cannot say just now.</summary>
    public static async Task<LockStatus?> TryGetStatusAsync(ILockGrain grain)
    {
        try
        {
            return await grain.GetStatus().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not ArgumentException)
        {
            return null;
        }
    }
}
