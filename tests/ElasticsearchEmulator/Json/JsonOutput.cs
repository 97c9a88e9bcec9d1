using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Coordination.ElasticsearchEmulator;

/// <summary>Serialization helpers. Jackson writes non-ASCII text verbatim, so the relaxed encoder is the closer match.</summary>
internal static class JsonOutput
{
    public static readonly JsonWriterOptions Compact = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    public static readonly JsonWriterOptions Pretty = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = true,
    };

    [ThreadStatic]
    private static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer)? _cached;

    /// <summary>Serializes with a per-thread reusable buffer and writer (responses are built synchronously).</summary>
    public static byte[] Write(Action<Utf8JsonWriter> body, bool pretty = false)
    {
        if (pretty || _cached is not { } cached)
        {
            if (pretty)
            {
                return WriteFresh(body, Pretty);
            }

            var buffer = new ArrayBufferWriter<byte>(1024);
            cached = (buffer, new Utf8JsonWriter(buffer, Compact));
        }

        // Taking the cache out makes a nested Write (a writer callback that serializes something else) safe.
        _cached = null;
        try
        {
            body(cached.Writer);
            cached.Writer.Flush();
            return cached.Buffer.WrittenSpan.ToArray();
        }
        finally
        {
            if (cached.Buffer.Capacity <= 64 * 1024)
            {
                cached.Buffer.ResetWrittenCount();
                cached.Writer.Reset(cached.Buffer);
                _cached = cached;
            }
        }
    }

    private static byte[] WriteFresh(Action<Utf8JsonWriter> body, JsonWriterOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            body(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Java prints floats with at least one decimal (<c>1.0</c>), System.Text.Json prints <c>1</c>; clients read both,
    /// but the emulator stays close to the real bytes.
    /// </summary>
    public static void WriteJavaFloat(Utf8JsonWriter writer, string name, double value)
    {
        writer.WritePropertyName(name);
        WriteJavaFloatValue(writer, value);
    }

    public static void WriteJavaFloatValue(Utf8JsonWriter writer, double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            writer.WriteNullValue();
            return;
        }

        var text = ((float)value).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        if (!text.Contains('.') && !text.Contains('E'))
        {
            text += ".0";
        }

        writer.WriteRawValue(text, skipInputValidation: true);
    }

    public static void WriteJavaDoubleValue(Utf8JsonWriter writer, double value)
    {
        var text = value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        if (!text.Contains('.') && !text.Contains('E'))
        {
            text += ".0";
        }

        writer.WriteRawValue(text, skipInputValidation: true);
    }
}
