namespace Coordination.Persistence.Elasticsearch;

/// <summary>
/// Elasticsearch grain storage, membership or gateway discovery could not start: the cluster could not be reached,
/// refused the credentials, is not a supported version, or refused the index set-up. The message names the node
/// URLs (without credentials) and the cause, so that a host can report it and exit (the silo executable exits with
/// code 3).
/// </summary>
[GenerateSerializer]
[Alias("coordination.ElasticsearchStartupException")]
public sealed class ElasticsearchStartupException(string message, Exception? innerException = null)
    : ElasticsearchException(message, innerException);
