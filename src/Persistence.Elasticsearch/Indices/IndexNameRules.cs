using System.Text;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>The index names Coordination accepts in its settings, with messages that say what would be accepted instead.</summary>
internal static class IndexNameRules
{
    // Elasticsearch ships composable templates for these patterns at priority 100; matching indices become
    // data streams, which refuse the index-by-id writes Coordination needs.
    private static readonly string[] s_dataStreamPrefixes = ["logs-", "metrics-", "traces-", "synthetics-", "profiling-", ".ds-"];

    /// <summary>Adds a failure naming <paramref name="setting"/> for each rule <paramref name="index"/> breaks; <paramref name="example"/> is a name to suggest.</summary>
    public static void Validate(List<string> failures, string setting, string? index, string example)
    {
        if (string.IsNullOrEmpty(index))
        {
            failures.Add($"{setting} is empty; use a lowercase index name such as {example}.");
            return;
        }

        if (index != index.ToLowerInvariant() || index is "." or ".." || index[0] is '-' or '_' or '+'
            || index.IndexOfAny(['\\', '/', '*', '?', '"', '<', '>', '|', ' ', ',', '#', ':']) >= 0 || Encoding.UTF8.GetByteCount(index) > 255)
        {
            failures.Add($"{setting} is '{index}', which Elasticsearch would refuse: use lowercase, no spaces or \\/*?\"<>|,#:, not starting with -, _ or +, at most 255 bytes.");
        }

        if (s_dataStreamPrefixes.Any(p => index.StartsWith(p, StringComparison.Ordinal)))
        {
            failures.Add($"{setting} is '{index}', which falls under Elasticsearch's built-in data-stream templates; choose a name such as {example}.");
        }
    }
}
