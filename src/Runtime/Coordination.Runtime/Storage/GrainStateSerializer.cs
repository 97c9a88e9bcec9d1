using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Coordination.Runtime.Storage;

/// <summary>
/// Turns grain states into JSON and back, for storage providers. Source-generated contexts can be put in
/// front of the reflection fallback through <see cref="JsonOptions"/>'s TypeInfoResolverChain.
/// </summary>
public sealed class GrainStateSerializer
{
    public GrainStateSerializer()
        : this(new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() })
    {
    }

    public GrainStateSerializer(JsonSerializerOptions jsonOptions)
    {
        JsonOptions = jsonOptions;
    }

    public JsonSerializerOptions JsonOptions { get; }

    public byte[] Serialize<TState>(TState state) => JsonSerializer.SerializeToUtf8Bytes(state, JsonOptions);

    public TState Deserialize<TState>(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<TState>(json, JsonOptions)
        ?? throw new JsonException($"The stored state deserialized to null for {typeof(TState).Name}.");

    public TState Deserialize<TState>(JsonElement json) =>
        json.Deserialize<TState>(JsonOptions)
        ?? throw new JsonException($"The stored state deserialized to null for {typeof(TState).Name}.");
}
