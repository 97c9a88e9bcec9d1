namespace Coordination.Client;

/// <summary>Owner ids that are unique per handle: machine, process and a GUID.</summary>
public static class LockOwnerIds
{
    private static readonly string s_prefix = $"{Truncate(Environment.MachineName, 64)}/{Environment.ProcessId}";

    /// <summary>A new owner id, for example <c>web-3/4120/1f0c…</c>; never shared by two handles by accident.</summary>
    public static string New() => $"{s_prefix}/{Guid.NewGuid():N}";

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}
