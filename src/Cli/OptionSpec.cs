namespace Coordination.Client.Cli;

/// <summary>A long option a command accepts: a flag, or an option with a value (<c>--owner O</c> or <c>--owner=O</c>).</summary>
/// <param name="Name">With its dashes, e.g. <c>--owner</c>.</param>
/// <param name="ValueName">How help shows the value (<c>O</c>, <c>DURATION</c>); null for a flag.</param>
/// <param name="Description">One line for help.</param>
/// <param name="Repeatable">Whether it may be given more than once.</param>
internal sealed record OptionSpec(string Name, string? ValueName, string Description, bool Repeatable = false)
{
    public bool TakesValue => ValueName is not null;

    /// <summary>How help shows it: <c>--owner O</c>.</summary>
    public string Syntax => ValueName is null ? Name : $"{Name} {ValueName}";
}
