using System.Globalization;
using System.Text.Json;

namespace Coordination.Benchmarks.Harness;

/// <summary>
/// The result of a scenario as ordered name/value pairs: one JSON object on stdout with <c>--json</c>,
/// an aligned table otherwise. Names are snake_case, as scripts expect.
/// </summary>
internal sealed class Report
{
    private readonly List<(string Name, object Value)> _fields = [];

    /// <summary>A report whose first field names the scenario.</summary>
    public Report(string scenario) => Add("scenario", scenario);

    /// <summary>A report that starts with no field (the caller names what it is about).</summary>
    public Report()
    {
    }

    public IReadOnlyList<(string Name, object Value)> Fields => _fields;

    /// <summary>The value of the field named <paramref name="name"/>, or null when there is none.</summary>
    public object? this[string name] => _fields.FirstOrDefault(f => f.Name == name).Value;

    public Report Add(string name, object value)
    {
        _fields.Add((name, value));
        return this;
    }

    /// <summary>Adds the throughput, baseline, ratio and latency fields every comparison scenario reports.</summary>
    public Report AddComparison(Measurement measured, Measurement baseline)
    {
        return Add("throughput_per_s", Math.Round(measured.ThroughputPerSecond))
            .Add("baseline_throughput_per_s", Math.Round(baseline.ThroughputPerSecond))
            .Add("ratio", Math.Round(measured.ThroughputPerSecond / baseline.ThroughputPerSecond, 4))
            .Add("p50_us", Math.Round(measured.P50Microseconds, 2))
            .Add("p99_us", Math.Round(measured.P99Microseconds, 2))
            .Add("baseline_p50_us", Math.Round(baseline.P50Microseconds, 2))
            .Add("baseline_p99_us", Math.Round(baseline.P99Microseconds, 2));
    }

    /// <summary>The report of a call-throughput scenario: its load, the comparison, allocations and the environment.</summary>
    public static Report ForCalls(string scenario, int callers, TimeSpan duration, Measurement measured, Measurement baseline) =>
        new Report(scenario)
            .Add("callers", callers)
            .Add("seconds", duration.TotalSeconds)
            .AddComparison(measured, baseline)
            .Add("allocated_bytes_per_call", Math.Round(measured.AllocatedBytesPerOperation, 1))
            .Add("baseline_allocated_bytes_per_call", Math.Round(baseline.AllocatedBytesPerOperation, 1))
            .Add("cpu_us_per_call", Math.Round(measured.CpuMicrosecondsPerOperation, 2))
            .Add("baseline_cpu_us_per_call", Math.Round(baseline.CpuMicrosecondsPerOperation, 2))
            .Add("calls", measured.Operations)
            .AddEnvironment();

    public Report AddEnvironment() =>
        Add("processor_count", Environment.ProcessorCount)
            .Add("runtime", System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription)
            .Add("server_gc", System.Runtime.GCSettings.IsServerGC);

    public void Write(TextWriter output, bool json)
    {
        if (json)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream))
            {
                writer.WriteStartObject();
                foreach (var (name, value) in _fields)
                {
                    writer.WritePropertyName(name);
                    switch (value)
                    {
                        case string text: writer.WriteStringValue(text); break;
                        case bool flag: writer.WriteBooleanValue(flag); break;
                        case int number: writer.WriteNumberValue(number); break;
                        case long number: writer.WriteNumberValue(number); break;
                        case double number: writer.WriteNumberValue(number); break;
                        default: writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
                    }
                }

                writer.WriteEndObject();
            }

            output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
            return;
        }

        var width = _fields.Max(f => f.Name.Length);
        foreach (var (name, value) in _fields)
        {
            output.WriteLine($"{name.PadRight(width)}  {Convert.ToString(value, CultureInfo.InvariantCulture)}");
        }
    }
}
