namespace Coordination.Client.Cli;

/// <summary>A command's arguments, split into positionals, options and whatever follows <c>--</c>.</summary>
internal sealed class ParsedArguments
{
    private readonly Dictionary<string, List<string>> _values;
    private readonly HashSet<string> _flags;

    public ParsedArguments(IReadOnlyList<string> positionals, Dictionary<string, List<string>> values, HashSet<string> flags, IReadOnlyList<string>? afterSeparator)
    {
        Positionals = positionals;
        _values = values;
        _flags = flags;
        AfterSeparator = afterSeparator;
    }

    public IReadOnlyList<string> Positionals { get; }

    /// <summary>The arguments after <c>--</c>, or null when there was no <c>--</c>.</summary>
    public IReadOnlyList<string>? AfterSeparator { get; }

    public bool HasFlag(string name) => _flags.Contains(name);

    /// <summary>The value of a single-valued option, or null when it was not given.</summary>
    public string? Value(string name) => _values.TryGetValue(name, out var values) ? values[^1] : null;

    /// <summary>Every value of a repeatable option, in order.</summary>
    public IReadOnlyList<string> Values(string name) => _values.TryGetValue(name, out var values) ? values : [];
}
