using System.Text.Json.Serialization;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>Source-generated serialization of the membership documents, in the field names the index template maps.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MembershipTableDocument))]
[JsonSerializable(typeof(HeartbeatDocument))]
internal sealed partial class MembershipJsonContext : JsonSerializerContext
{
}
