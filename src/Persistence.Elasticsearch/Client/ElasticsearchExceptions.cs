using Orleans.Runtime;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>
/// Base of the Elasticsearch errors. Messages name the node by URL without credentials, never a header. It is an
/// <see cref="OrleansException"/> so that Orleans hands it to grain code as it is, instead of wrapping it.
/// </summary>
public class ElasticsearchException(string message, Exception? innerException = null) : OrleansException(message, innerException!);

/// <summary>
/// The server answered with an error the client does not handle itself. <see cref="ErrorType"/> and
/// <see cref="Reason"/> are Elasticsearch's own, e.g. <c>illegal_argument_exception</c>.
/// </summary>
public sealed class ElasticsearchServerException(int statusCode, string? errorType, string? reason, string message)
    : ElasticsearchException(message)
{
    public int StatusCode { get; } = statusCode;

    public string? ErrorType { get; } = errorType;

    public string? Reason { get; } = reason;
}

/// <summary>
/// No node could be reached, or the cluster kept refusing the request (429/503) through every retry. The
/// request did not run. Retrying later is safe.
/// </summary>
public sealed class ElasticsearchUnavailableException(string message, Exception? innerException = null)
    : ElasticsearchException(message, innerException);

/// <summary>
/// The request was sent but no usable answer came back (a timeout, a reset connection, a 5xx). For a
/// write, <see cref="OutcomeUnknown"/> is true: it may or may not have been applied; re-read to find out.
/// </summary>
public sealed class ElasticsearchRequestFailedException(string message, bool outcomeUnknown, Exception? innerException = null)
    : ElasticsearchException(message, innerException)
{
    public bool OutcomeUnknown { get; } = outcomeUnknown;
}

/// <summary>The server is not an Elasticsearch this client supports (7.x, 8.x or 9.x).</summary>
public sealed class ElasticsearchVersionException(string message) : ElasticsearchException(message);
