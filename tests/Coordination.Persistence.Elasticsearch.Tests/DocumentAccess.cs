using Coordination.Testing.Elasticsearch;
using Elastic.Clients.Elasticsearch;

namespace Coordination.Persistence.Elasticsearch.Tests;

/// <summary>Reads and writes documents directly, for tests that look behind the providers, through the providers' own connection.</summary>
internal static class DocumentAccess
{
    /// <summary>A connection on <paramref name="client"/>, which it does not dispose.</summary>
    public static ElasticsearchConnection Documents(this ElasticsearchClient client) => new(new ElasticsearchConnectionOptions(), client);

    /// <summary>A connection of its own to <paramref name="elasticsearch"/>.</summary>
    public static ElasticsearchConnection Documents(this TestElasticsearch elasticsearch, Action<ElasticsearchConnectionOptions>? configure = null) =>
        new(elasticsearch.ConnectionOptions(configure));
}
