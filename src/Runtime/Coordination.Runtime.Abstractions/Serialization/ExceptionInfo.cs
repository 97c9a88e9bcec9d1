namespace Coordination.Serialization;

/// <summary>
/// What crosses a grain boundary when a call fails: the exception's type name, message, stack trace,
/// parameter name (argument exceptions), extra properties registered for the type, and the inner exception.
/// </summary>
public sealed class ExceptionInfo
{
    private const int MaxInnerDepth = 8;

    public required string TypeName { get; init; }

    public required string Message { get; init; }

    public string? StackTrace { get; init; }

    public string? ParamName { get; init; }

    public IReadOnlyDictionary<string, string?> Properties { get; init; } = EmptyProperties;

    public ExceptionInfo? Inner { get; init; }

    internal static readonly IReadOnlyDictionary<string, string?> EmptyProperties = new Dictionary<string, string?>();

    public string? GetProperty(string name) => Properties.TryGetValue(name, out var value) ? value : null;

    public void Write(ref CodecWriter writer) => Write(ref writer, this, 0);

    public static ExceptionInfo Read(ref CodecReader reader) => Read(ref reader, 0);

    private static void Write(ref CodecWriter writer, ExceptionInfo info, int depth)
    {
        writer.WriteString(info.TypeName);
        writer.WriteString(info.Message);
        writer.WriteString(info.StackTrace);
        writer.WriteString(info.ParamName);
        writer.WriteCount(info.Properties.Count);
        foreach (var (key, value) in info.Properties)
        {
            writer.WriteString(key);
            writer.WriteString(value);
        }

        var inner = depth < MaxInnerDepth ? info.Inner : null;
        writer.WriteBoolean(inner is not null);
        if (inner is not null)
        {
            Write(ref writer, inner, depth + 1);
        }
    }

    private static ExceptionInfo Read(ref CodecReader reader, int depth)
    {
        if (depth > MaxInnerDepth)
        {
            throw new GrainCodecException("Exception nesting is deeper than allowed.");
        }

        var typeName = reader.ReadString() ?? throw new GrainCodecException("An exception lacks its type name.");
        var message = reader.ReadString() ?? string.Empty;
        var stackTrace = reader.ReadString();
        var paramName = reader.ReadString();
        var count = reader.ReadCount();
        var properties = count <= 0 ? EmptyProperties : ReadProperties(ref reader, count);
        var inner = reader.ReadBoolean() ? Read(ref reader, depth + 1) : null;
        return new ExceptionInfo
        {
            TypeName = typeName,
            Message = message,
            StackTrace = stackTrace,
            ParamName = paramName,
            Properties = properties,
            Inner = inner,
        };
    }

    private static Dictionary<string, string?> ReadProperties(ref CodecReader reader, int count)
    {
        var properties = new Dictionary<string, string?>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadString() ?? throw new GrainCodecException("An exception property lacks its name.");
            properties[key] = reader.ReadString();
        }

        return properties;
    }
}
