using System.Globalization;

namespace Coordination.Client.Cli;

/// <summary>The options and operands the lock commands share, and their checks.</summary>
internal static class CommandInputs
{
    public const string Owner = "--owner";
    public const string Token = "--token";
    public const string Wait = "--wait";
    public const string Lease = "--lease";

    public static readonly OptionSpec OwnerDefaulted = new(Owner, "O", "Who takes the lock. Default {user}@{host}:{pid}, printed so that you can release it later.");
    public static readonly OptionSpec OwnerRequired = new(Owner, "O", "The owner that acquired the lock (required).");
    public static readonly OptionSpec TokenRequired = new(Token, "N", "The fencing token the acquisition returned (required; a positive integer).");
    public static readonly OptionSpec WaitSpec = new(Wait, "DURATION", "Wait up to this long for the lock, in the lock's FIFO queue. Default: do not wait (try once).");
    public static readonly OptionSpec LeaseSpec = new(Lease, "DURATION", "How long the lock is held without renewal. Default: the silo's default lease (30s unless configured).");

    /// <summary>The single key operand.</summary>
    public static string Key(ParsedArguments arguments, string commandName)
    {
        var operands = arguments.Positionals;
        if (operands.Count == 0)
        {
            throw new UsageException($"'coord {commandName}' needs a <key>, the name of the lock.");
        }

        if (operands.Count > 1)
        {
            throw new UsageException($"'coord {commandName}' takes one <key>; '{operands[1]}' is one too many.");
        }

        return NotEmpty(operands[0], "<key>");
    }

    /// <summary>The owner given, or <see cref="DefaultOwner"/> when it may be left out.</summary>
    public static string OwnerOrDefault(ParsedArguments arguments) =>
        arguments.Value(Owner) is { } owner ? NotEmpty(owner, Owner) : DefaultOwner.Value;

    public static string RequiredOwner(ParsedArguments arguments) =>
        NotEmpty(arguments.Value(Owner) ?? throw new UsageException($"{Owner} is required: the owner that acquired the lock."), Owner);

    public static long RequiredToken(ParsedArguments arguments)
    {
        var text = arguments.Value(Token) ?? throw new UsageException($"{Token} is required: the fencing token the acquisition printed.");
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var token) || token < 1)
        {
            throw new UsageException($"{Token} is '{text}'; a fencing token is a positive integer, as printed by acquire.");
        }

        return token;
    }

    /// <summary>The wait, or null when none was given; zero is allowed (try once).</summary>
    public static TimeSpan? OptionalWait(ParsedArguments arguments) =>
        arguments.Value(Wait) is { } text ? Durations.ParseOption(Wait, text, allowZero: true) : null;

    public static TimeSpan? OptionalLease(ParsedArguments arguments) =>
        arguments.Value(Lease) is { } text ? Durations.ParseOption(Lease, text, allowZero: false) : null;

    private static string NotEmpty(string value, string name) =>
        string.IsNullOrWhiteSpace(value) ? throw new UsageException($"{name} must not be empty.") : value;
}
