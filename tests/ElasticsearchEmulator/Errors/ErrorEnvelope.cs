using System.Text.Json;

namespace Coordination.ElasticsearchEmulator.Errors;

/// <summary>Writes <see cref="EsException"/> as <c>{"error":{...},"status":N}</c>.</summary>
internal static class ErrorEnvelope
{
    public static byte[] Render(EsException exception)
    {
        return JsonOutput.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WritePropertyName("error");
            WriteError(writer, exception);
            writer.WriteNumber("status", exception.Status);
            writer.WriteEndObject();
        });
    }

    /// <summary>The <c>error</c> object: root causes first, then the exception itself with its cause chain.</summary>
    public static void WriteError(Utf8JsonWriter writer, EsException exception)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("root_cause");
        foreach (var root in exception.RootCauses())
        {
            writer.WriteStartObject();
            WriteBody(writer, root, includeCause: false);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        WriteBody(writer, exception, includeCause: true);
        writer.WriteEndObject();
    }

    /// <summary>An exception without root causes, as bulk items and shard failures print it.</summary>
    public static void WriteThrowable(Utf8JsonWriter writer, EsException exception)
    {
        writer.WriteStartObject();
        WriteBody(writer, exception, includeCause: true);
        writer.WriteEndObject();
    }

    private static void WriteBody(Utf8JsonWriter writer, EsException exception, bool includeCause)
    {
        writer.WriteString("type", exception.Type);
        writer.WriteString("reason", exception.Reason);
        foreach (var (key, value) in exception.Metadata)
        {
            WriteValue(writer, key, value);
        }

        exception.ExtraFields?.Invoke(writer);
        if (includeCause && exception.CausedBy is { } cause)
        {
            writer.WritePropertyName("caused_by");
            WriteThrowable(writer, cause);
        }

        if (exception.Headers is { Count: > 0 } headers)
        {
            writer.WriteStartObject("header");
            foreach (var (name, values) in headers)
            {
                if (values.Length == 1)
                {
                    writer.WriteString(name, values[0]);
                }
                else
                {
                    writer.WriteStartArray(name);
                    foreach (var v in values)
                    {
                        writer.WriteStringValue(v);
                    }

                    writer.WriteEndArray();
                }
            }

            writer.WriteEndObject();
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, string key, object value)
    {
        switch (value)
        {
            case string s:
                writer.WriteString(key, s);
                break;
            case int i:
                writer.WriteNumber(key, i);
                break;
            case long l:
                writer.WriteNumber(key, l);
                break;
            case bool b:
                writer.WriteBoolean(key, b);
                break;
            case IEnumerable<string> list:
                writer.WriteStartArray(key);
                foreach (var item in list)
                {
                    writer.WriteStringValue(item);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteString(key, value.ToString());
                break;
        }
    }

    /// <summary>The pre-REST-layer form some failures use: <c>{"error":"text","status":N}</c>.</summary>
    public static byte[] RenderPlain(string message, int status)
    {
        return JsonOutput.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("error", message);
            writer.WriteNumber("status", status);
            writer.WriteEndObject();
        });
    }
}
