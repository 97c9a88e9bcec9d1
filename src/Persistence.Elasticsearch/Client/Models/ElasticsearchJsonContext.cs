using System.Text.Json.Serialization;

namespace Coordination.Persistence.Elasticsearch.Models;

/// <summary>Source-generated serialization of the responses the client reads.</summary>
[JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(RootResponse))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(GetResponse))]
[JsonSerializable(typeof(WriteResponse))]
[JsonSerializable(typeof(SearchResponse))]
internal sealed partial class ElasticsearchJsonContext : JsonSerializerContext
{
}
