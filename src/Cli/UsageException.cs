namespace Coordination.Cli;

/// <summary>The command line or an input value is wrong; coord exits with <see cref="ExitCodes.Usage"/> and this message.</summary>
internal sealed class UsageException(string message) : Exception(message);
