namespace Coordination.Persistence.Elasticsearch;

/// <summary>
/// A grain state write or clear was sent, but no usable answer came back (a timeout, a reset connection, a 5xx):
/// it may or may not have been applied. It is never sent again, because a second copy could land on top of a
/// newer write; the writer finds out by reading the state back (the lock grain compares the nonce it wrote).
/// </summary>
[GenerateSerializer]
[Alias("coordination.ElasticsearchWriteOutcomeUnknownException")]
public sealed class ElasticsearchWriteOutcomeUnknownException(string message, Exception? innerException = null)
    : ElasticsearchException(message, innerException);
