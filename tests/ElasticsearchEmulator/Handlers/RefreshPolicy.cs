using Coordination.ElasticsearchEmulator.Errors;

namespace Coordination.ElasticsearchEmulator.Handlers;

internal enum RefreshPolicy
{
    None,
    Immediate,
    WaitUntil,
}

internal static class RefreshPolicies
{
    /// <summary>WriteRequest.RefreshPolicy.parse: "true" or "" refresh now, "wait_for" waits, "false" (default) neither.</summary>
    public static RefreshPolicy Parse(string? value) => value switch
    {
        null or "false" => RefreshPolicy.None,
        "true" or "" => RefreshPolicy.Immediate,
        "wait_for" => RefreshPolicy.WaitUntil,
        _ => throw EsErrors.IllegalArgument($"Unknown value for refresh: [{value}]."),
    };
}
