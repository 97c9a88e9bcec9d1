namespace Coordination.ElasticsearchEmulator;

/// <summary>A <c>[line:column]</c> position inside a request body, as Jackson reports it (1-based, byte columns).</summary>
internal readonly record struct JsonLocation(int Line, int Column)
{
    public static JsonLocation Of(ReadOnlySpan<byte> body, long offset)
    {
        var line = 1;
        var lineStart = 0L;
        var end = Math.Min(offset, body.Length);
        for (var i = 0; i < end; i++)
        {
            if (body[i] == (byte)'\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return new JsonLocation(line, (int)(offset - lineStart) + 1);
    }

    public override string ToString() => $"[{Line}:{Column}]";
}
