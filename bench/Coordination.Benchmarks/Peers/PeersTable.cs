using System.Globalization;
using Coordination.Benchmarks.Harness;

namespace Coordination.Benchmarks.Peers;

/// <summary>
/// The peers reports as text: one table per workload, a row per system, then the systems that were skipped and the
/// goals of issue 13 as ratios between the rows.
/// </summary>
internal static class PeersTable
{
    public static void Write(TextWriter output, IReadOnlyList<Report> reports)
    {
        foreach (var workload in reports.Select(r => r["workload"]).OfType<string>().Distinct())
        {
            var rows = reports.Where(r => workload.Equals(r["workload"])).ToArray();
            var columns = rows.SelectMany(r => r.Fields.Select(f => f.Name)).Where(n => n is not "system" and not "workload").Distinct().ToArray();
            var cells = rows.Select(r => columns.Select(c => Format(r[c])).Prepend((string)r["system"]!).ToArray()).Prepend(columns.Prepend(workload).ToArray()).ToArray();
            var widths = Enumerable.Range(0, columns.Length + 1).Select(c => cells.Max(row => row[c].Length)).ToArray();
            foreach (var row in cells)
            {
                output.WriteLine(string.Join("  ", row.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))).TrimEnd());
            }

            output.WriteLine();
        }

        foreach (var skipped in reports.Where(r => r["skipped"] is not null))
        {
            output.WriteLine($"{skipped["system"]}: skipped: {skipped["skipped"]}");
        }

        foreach (var goal in Goals(reports))
        {
            output.WriteLine(goal);
        }
    }

    /// <summary>The goals of issue 13, where both sides of a ratio ran.</summary>
    private static IEnumerable<string> Goals(IReadOnlyList<Report> reports)
    {
        double? Figure(string system, string workload, string field) =>
            reports.FirstOrDefault(r => system.Equals(r["system"]) && workload.Equals(r["workload"]))?[field] as double?;

        foreach (var ours in new[] { "coordination-memory", "coordination-elasticsearch" })
        {
            if (Figure("distributedlock-redis", "handoff", "p50_us") is { } redis && Figure(ours, "handoff", "p50_us") is { } us)
            {
                yield return Verdict($"W3 handoff p50: {ours} {redis / us:0}x lower than distributedlock-redis", redis / us >= 100, "at least 100x");
            }
        }

        foreach (var recipe in new[] { "es-create-delete", "es-cas" })
        {
            if (Figure(recipe, "hot-key", "store_requests_per_acquisition") is { } theirs && Figure("coordination-elasticsearch", "hot-key", "store_requests_per_acquisition") is { } us)
            {
                yield return Verdict($"W2 hot-key Elasticsearch requests per acquisition: coordination-elasticsearch {us:0.###}, {recipe} {theirs:0.###} ({us / theirs:0.###} of it)", us <= theirs / 10, "at most a tenth");
            }
        }

        if (Figure("distributedlock-redis", "uncontended", "cycles_per_s") is { } redisCycles && Figure("coordination-memory", "uncontended", "cycles_per_s") is { } memoryCycles)
        {
            yield return Verdict($"W1 uncontended: coordination-memory {memoryCycles:0} cycles/s, distributedlock-redis {redisCycles:0} ({memoryCycles / redisCycles:0.00}x)", memoryCycles >= redisCycles, "at least as many");
        }
    }

    private static string Verdict(string figure, bool met, string goal) => $"goal {(met ? "met" : "MISSED")}: {figure}; goal {goal}";

    private static string Format(object? value) => value switch
    {
        null => "-",
        double number => number.ToString(number >= 100 ? "#,0" : "0.###", CultureInfo.InvariantCulture),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
