namespace Coordination.Client.Cli;

/// <summary>
/// Splits a command's arguments by its option specs. Options may come before or after positionals, as
/// <c>--name value</c> or <c>--name=value</c>; <c>--</c> ends the options (exec's command follows it).
/// Anything unknown, missing or repeated is a <see cref="UsageException"/> that names it.
/// </summary>
internal static class ArgumentParser
{
    public const string Separator = "--";

    /// <param name="commandFollowsSeparator">
    /// True when what follows <c>--</c> is a command line of its own (exec); otherwise it is more positionals,
    /// such as a key that starts with '-'.
    /// </param>
    public static ParsedArguments Parse(IReadOnlyList<string> arguments, IReadOnlyList<OptionSpec> options, string commandName, bool commandFollowsSeparator)
    {
        var positionals = new List<string>();
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (argument == Separator)
            {
                if (commandFollowsSeparator)
                {
                    return new ParsedArguments(positionals, values, flags, [.. arguments.Skip(i + 1)]);
                }

                positionals.AddRange(arguments.Skip(i + 1));
                break;
            }

            if (argument.Length < 2 || argument[0] != '-')
            {
                positionals.Add(argument);
                continue;
            }

            var equals = argument.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? argument[..equals] : argument;
            var spec = options.FirstOrDefault(o => o.Name == name)
                ?? throw new UsageException($"unknown option {name} for 'coord {commandName}'; see 'coord {commandName} --help'.");
            if (!spec.TakesValue)
            {
                if (equals > 0)
                {
                    throw new UsageException($"{name} takes no value.");
                }

                flags.Add(name);
                continue;
            }

            string value;
            if (equals > 0)
            {
                value = argument[(equals + 1)..];
            }
            else if (i + 1 < arguments.Count && arguments[i + 1] != Separator)
            {
                value = arguments[++i];
            }
            else
            {
                throw new UsageException($"{name} needs a value: {spec.Syntax}.");
            }

            if (!values.TryGetValue(name, out var list))
            {
                values[name] = list = [];
            }
            else if (!spec.Repeatable)
            {
                throw new UsageException($"{name} is given more than once.");
            }

            list.Add(value);
        }

        return new ParsedArguments(positionals, values, flags, null);
    }
}
