namespace Coordination.Persistence.Elasticsearch;

/// <summary>Elasticsearch storage or membership could not start; the message names the URLs and the cause.</summary>
public sealed class ElasticsearchStartupException(string message, Exception? innerException = null)
    : ElasticsearchException(message, innerException);
