namespace Coordination.Cli;

/// <summary>The owner used when none is given: <c>{user}@{host}:{pid}</c>, unique while this process lives and easy to recognise.</summary>
internal static class DefaultOwner
{
    public static string Value { get; } = $"{User()}@{Environment.MachineName}:{Environment.ProcessId}";

    private static string User()
    {
        try
        {
            return string.IsNullOrWhiteSpace(Environment.UserName) ? "user" : Environment.UserName;
        }
        catch (InvalidOperationException)
        {
            return "user";
        }
    }
}
