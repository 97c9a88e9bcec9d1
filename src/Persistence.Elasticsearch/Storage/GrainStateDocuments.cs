using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Orleans.Runtime;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>Where one grain state record lives: its index, its document id, and which of the two layouts it has.</summary>
internal readonly record struct GrainStateAddress(string Index, string Id, bool IsLock);

/// <summary>
/// How grain state maps onto documents. Lock state (grain type <c>lock</c>, state name <c>lock</c>) is the
/// document itself, in the lock index, under the lock key: the readable snake_case fields that the lock index
/// template maps and that tooling lists. Every other state lives in the grain state index, wrapped with the grain
/// type, state name and key it belongs to, under an id built from those three. A cleared record is kept as a
/// marker document (<c>"cleared": true</c>) rather than deleted, so the etag keeps moving forward: a writer that
/// last saw the record before it was written and cleared cannot create it again as if nothing had happened.
/// </summary>
internal static class GrainStateDocuments
{
    /// <summary>The grain type and state name of the lock grain's state.</summary>
    public const string LockGrainType = "lock";

    public const string ClearedField = "cleared";
    public const string GrainTypeField = "grain_type";
    public const string StateNameField = "state_name";
    public const string GrainKeyField = "grain_key";
    public const string StateField = "state";

    private const int MaxIdBytes = 512;

    public static GrainStateAddress Locate(ElasticsearchGrainStorageOptions options, string stateName, GrainId grainId)
    {
        var type = grainId.Type.ToString()!;
        var key = grainId.Key.ToString()!;
        if (type == LockGrainType && stateName == LockGrainType)
        {
            return new GrainStateAddress(options.Index, key, IsLock: true);
        }

        // Escaping each part leaves no '/' inside one, so "/" joins them unambiguously; a hashed id has no '/'
        // at all, so it can never equal a readable one.
        var readable = $"{Uri.EscapeDataString(type)}/{Uri.EscapeDataString(stateName)}/{Uri.EscapeDataString(key)}";
        var id = Encoding.UTF8.GetByteCount(readable) <= MaxIdBytes
            ? readable
            : "sha256-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(readable)));
        return new GrainStateAddress(options.GrainStateIndex, id, IsLock: false);
    }

    public static ReadOnlyMemory<byte> Written<T>(GrainStateAddress address, string stateName, GrainId grainId, T state, JsonSerializerOptions serializer)
    {
        if (address.IsLock)
        {
            var source = JsonSerializer.SerializeToUtf8Bytes(state, serializer);
            return source.Length > 0 && source[0] == (byte)'{'
                ? source
                : throw new InvalidOperationException(
                    $"Lock state must serialize to a JSON object (it is the lock document itself); {typeof(T)} of {grainId} does not.");
        }

        return Wrapped(stateName, grainId, json =>
        {
            json.WritePropertyName(StateField);
            JsonSerializer.Serialize(json, state, serializer);
        });
    }

    public static ReadOnlyMemory<byte> Cleared(GrainStateAddress address, string stateName, GrainId grainId) =>
        address.IsLock
            ? """{"cleared":true}"""u8.ToArray()
            : Wrapped(stateName, grainId, json => json.WriteBoolean(ClearedField, true));

    /// <summary>The state in <paramref name="source"/>, or false when the document marks a cleared record.</summary>
    /// <exception cref="ElasticsearchException">The document is not grain state this storage wrote for this grain.</exception>
    public static bool TryRead<T>(GrainStateAddress address, string stateName, GrainId grainId, JsonElement source, JsonSerializerOptions serializer, out T? state)
    {
        state = default;
        if (source.ValueKind != JsonValueKind.Object)
        {
            throw Unreadable(address, "its source is not a JSON object", null);
        }

        if (!address.IsLock
            && (!Matches(source, GrainTypeField, grainId.Type.ToString()!) || !Matches(source, StateNameField, stateName) || !Matches(source, GrainKeyField, grainId.Key.ToString()!)))
        {
            throw Unreadable(address, $"it holds state of another grain than {grainId} state '{stateName}'", null);
        }

        if (source.TryGetProperty(ClearedField, out var cleared) && cleared.ValueKind == JsonValueKind.True)
        {
            return false;
        }

        try
        {
            if (address.IsLock)
            {
                state = source.Deserialize<T>(serializer);
                return true;
            }

            state = source.TryGetProperty(StateField, out var wrapped)
                ? wrapped.Deserialize<T>(serializer)
                : throw Unreadable(address, $"it has neither '{StateField}' nor '{ClearedField}'", null);
            return true;
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException or FormatException)
        {
            throw Unreadable(address, $"it does not read as {typeof(T)}: {exception.Message}", exception);
        }
    }

    private static bool Matches(JsonElement source, string field, string expected) =>
        source.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String && value.ValueEquals(expected);

    private static ElasticsearchException Unreadable(GrainStateAddress address, string why, Exception? inner) =>
        new($"Document '{address.Id}' in index {address.Index} is not grain state this storage can read: {why}.", inner);

    private static ReadOnlyMemory<byte> Wrapped(string stateName, GrainId grainId, Action<Utf8JsonWriter> writeBody)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString(GrainTypeField, grainId.Type.ToString());
            json.WriteString(StateNameField, stateName);
            json.WriteString(GrainKeyField, grainId.Key.ToString());
            writeBody(json);
            json.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }
}
