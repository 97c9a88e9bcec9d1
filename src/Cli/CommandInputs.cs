using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Coordination.Cli;

/// <summary>The options and operands the lock commands share, as System.CommandLine symbols that check their values.</summary>
internal static class CommandInputs
{
    public const string KeyName = "<key>";

    /// <summary>The lock's name, the one operand of every command.</summary>
    public static Argument<string> Key() => new("key")
    {
        Description = "The name of the lock.",
        CustomParser = result => NotEmpty(result, KeyName),
    };

    /// <summary><c>--owner O</c>; commands that cannot do without it add <see cref="Require"/>.</summary>
    public static Option<string> Owner(string description) => new("--owner")
    {
        HelpName = "O",
        Description = description,
        CustomParser = result => NotEmpty(result, "--owner"),
    };

    /// <summary><c>--token N</c>, a positive integer.</summary>
    public static Option<long> Token() => new("--token")
    {
        HelpName = "N",
        Description = "The fencing token the acquisition returned (required; a positive integer).",
        CustomParser = result =>
        {
            if (Single(result) is not { } text)
            {
                return 0;
            }

            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var token) || token < 1)
            {
                result.AddError($"--token is '{text}'; a fencing token is a positive integer, as printed by acquire.");
            }

            return token;
        },
    };

    /// <summary><c>--wait DURATION</c>; zero means "try once".</summary>
    public static Option<TimeSpan?> Wait(string description) => new("--wait")
    {
        HelpName = "DURATION",
        Description = description,
        CustomParser = result => Duration(result, "--wait", allowZero: true),
    };

    /// <summary><c>--lease DURATION</c>, longer than zero.</summary>
    public static Option<TimeSpan?> Lease(string description) => new("--lease")
    {
        HelpName = "DURATION",
        Description = description,
        CustomParser = result => Duration(result, "--lease", allowZero: false),
    };

    /// <summary>Makes <paramref name="option"/> required on <paramref name="command"/>, saying what it is for when it is missing.</summary>
    public static void Require(Command command, Option option, string why) =>
        command.Validators.Add(result =>
        {
            if (result.GetResult(option) is null)
            {
                result.AddError($"{option.Name} is required: {why}.");
            }
        });

    /// <summary>The one token of <paramref name="result"/>, refused when empty or blank.</summary>
    public static string NotEmpty(ArgumentResult result, string name)
    {
        var value = Single(result) ?? string.Empty;
        if (result.Tokens.Count == 1 && string.IsNullOrWhiteSpace(value))
        {
            result.AddError($"{name} must not be empty.");
        }

        return value;
    }

    /// <summary>The duration in the one token of <paramref name="result"/>, refused (with the accepted forms) when it is not one.</summary>
    public static TimeSpan? Duration(ArgumentResult result, string option, bool allowZero)
    {
        if (Single(result) is not { } text)
        {
            return null;
        }

        if (Durations.TryParseOption(option, text, allowZero, out var value, out var problem))
        {
            return value;
        }

        result.AddError(problem);
        return null;
    }

    // A missing or repeated value is System.CommandLine's to report (as an arity error); the parser only judges one value.
    private static string? Single(ArgumentResult result) => result.Tokens.Count == 1 ? result.Tokens[0].Value : null;
}
