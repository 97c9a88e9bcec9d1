using Orleans.Runtime;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>
/// Base of the Elasticsearch errors. Messages name the node by URL without credentials, never a header. It is an
/// <see cref="OrleansException"/> so that Orleans hands it to grain code as it is, instead of wrapping it, and
/// serializable, so that a caller whose grain failed on the store receives it as itself.
/// </summary>
[GenerateSerializer]
[Alias("coordination.ElasticsearchException")]
public class ElasticsearchException(string message, Exception? innerException = null) : OrleansException(message, innerException!);

/// <summary>
/// The server answered with an error the client does not handle itself. <see cref="ErrorType"/> and
/// <see cref="Reason"/> are Elasticsearch's own, e.g. <c>illegal_argument_exception</c>.
/// </summary>
[GenerateSerializer]
[Alias("coordination.ElasticsearchServerException")]
public sealed class ElasticsearchServerException(int statusCode, string? errorType, string? reason, string message)
    : ElasticsearchException(message)
{
    [Id(0)]
    public int StatusCode { get; } = statusCode;

    [Id(1)]
    public string? ErrorType { get; } = errorType;

    [Id(2)]
    public string? Reason { get; } = reason;
}

/// <summary>
/// No node could be reached, or the cluster kept refusing the request (429/503) through every retry. The
/// request did not run. Retrying later is safe.
/// </summary>
[GenerateSerializer]
[Alias("coordination.ElasticsearchUnavailableException")]
public sealed class ElasticsearchUnavailableException(string message, Exception? innerException = null)
    : ElasticsearchException(message, innerException);

/// <summary>
/// The request was sent but no usable answer came back (a timeout, a reset connection, a 5xx). For a
/// write, <see cref="OutcomeUnknown"/> is true: it may or may not have been applied; re-read to find out.
/// </summary>
[GenerateSerializer]
[Alias("coordination.ElasticsearchRequestFailedException")]
public sealed class ElasticsearchRequestFailedException(string message, bool outcomeUnknown, Exception? innerException = null)
    : ElasticsearchException(message, innerException)
{
    [Id(0)]
    public bool OutcomeUnknown { get; } = outcomeUnknown;
}

/// <summary>The server is not an Elasticsearch this client supports (7.x, 8.x or 9.x).</summary>
[GenerateSerializer]
[Alias("coordination.ElasticsearchVersionException")]
public sealed class ElasticsearchVersionException(string message) : ElasticsearchException(message);
