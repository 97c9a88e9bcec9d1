namespace Coordination.ElasticsearchEmulator;

/// <summary>What a <see cref="FaultRule"/> does to the requests it selects.</summary>
public enum FaultKind
{
    /// <summary>Waits <see cref="FaultRule.Delay"/> on the emulator's TimeProvider before handling the request.</summary>
    Latency,

    /// <summary>Answers 429 <c>es_rejected_execution_exception</c>; the request is not applied.</summary>
    TooManyRequests,

    /// <summary>Answers 503 <c>unavailable_shards_exception</c>; the request is not applied.</summary>
    ShardUnavailable,

    /// <summary>
    /// Applies the request, then withholds the response until the client gives up (aborts), or until
    /// <see cref="FaultRule.Delay"/> has passed on the TimeProvider when set (then the response is sent, late).
    /// </summary>
    ApplyThenTimeout,

    /// <summary>Applies the request, then aborts the connection without a response.</summary>
    ApplyThenReset,

    /// <summary>
    /// Applies the request, then answers 200 with its JSON cut short, as a proxy that drops the end of an answer
    /// would: a client cannot tell from it whether, or how, the request ran.
    /// </summary>
    ApplyThenGarble,

    /// <summary>Bumps the primary term of the request's index (a simulated failover), then handles the request.</summary>
    PrimaryTermBump,
}
