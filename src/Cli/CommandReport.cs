using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Coordination.Cli;

/// <summary>
/// What a command has to say: its exit code, lines for people, and the fields of its JSON object (written
/// in the order added, with <c>exitCode</c> last).
/// </summary>
internal sealed class CommandReport
{
    private readonly List<KeyValuePair<string, object?>> _fields = [];

    public CommandReport(int exitCode) => ExitCode = exitCode;

    public int ExitCode { get; set; }

    /// <summary>The human-readable lines.</summary>
    public List<string> Lines { get; } = [];

    /// <summary>Whether the lines go to stderr in human mode (exec leaves stdout to its command).</summary>
    public bool LinesToStderr { get; init; }

    /// <summary>An error: its lines go to stderr in both modes, besides the JSON object.</summary>
    public bool IsError { get; private init; }

    public static CommandReport Error(int exitCode, string message)
    {
        var report = new CommandReport(exitCode) { LinesToStderr = true, IsError = true };
        report.Lines.Add($"coord: {message}");
        return report.Field("error", message);
    }

    /// <summary>Sets a field (string, bool, int, long, DateTimeOffset, or null); setting it again replaces its value.</summary>
    public CommandReport Field(string name, object? value)
    {
        var index = _fields.FindIndex(f => f.Key == name);
        if (index >= 0)
        {
            _fields[index] = new(name, value);
        }
        else
        {
            _fields.Add(new(name, value));
        }

        return this;
    }

    public CommandReport Line(string text)
    {
        Lines.Add(text);
        return this;
    }

    public void WriteTo(TextWriter stdout, TextWriter stderr, bool json)
    {
        if (json)
        {
            stdout.WriteLine(ToJson());
        }

        if (!json || IsError)
        {
            var writer = LinesToStderr ? stderr : stdout;
            foreach (var line in Lines)
            {
                writer.WriteLine(line);
            }
        }
    }

    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in _fields.Where(f => f.Key != "exitCode"))
            {
                WriteValue(writer, name, value);
            }

            writer.WriteNumber("exitCode", ExitCode);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>A moment as ISO-8601 UTC, to the millisecond: <c>2026-11-21T10:00:30.250Z</c>.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void WriteValue(Utf8JsonWriter writer, string name, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNull(name);
                break;
            case string text:
                writer.WriteString(name, text);
                break;
            case bool flag:
                writer.WriteBoolean(name, flag);
                break;
            case int number:
                writer.WriteNumber(name, number);
                break;
            case long number:
                writer.WriteNumber(name, number);
                break;
            case DateTimeOffset time:
                writer.WriteString(name, FormatTime(time));
                break;
            case IEnumerable<string> texts:
                writer.WriteStartArray(name);
                foreach (var text in texts)
                {
                    writer.WriteStringValue(text);
                }

                writer.WriteEndArray();
                break;
            default:
                throw new InvalidOperationException($"The JSON field {name} has a value of type {value.GetType()}, which the report cannot write.");
        }
    }
}
