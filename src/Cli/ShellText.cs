namespace Coordination.Cli;

/// <summary>Quotes a word for a POSIX shell when it needs it, so printed commands can be pasted back.</summary>
internal static class ShellText
{
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "@%+=:,./_-".Contains(c, StringComparison.Ordinal))
            ? word
            : $"'{word.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}
