namespace Coordination.Persistence.Elasticsearch;

/// <summary>How the client reaches an Elasticsearch cluster.</summary>
public sealed class ElasticsearchClientOptions
{
    /// <summary>The node URL used when none is configured.</summary>
    public const string DefaultUrl = "http://localhost:9200";

    /// <summary>
    /// Node URLs, tried round-robin with failover away from unreachable ones. Default <see cref="DefaultUrl"/>
    /// (applied when the list is empty: configuration binding appends to lists). Credentials may be given in
    /// a URL (<c>https://user:pass@host:9200</c>); they are then sent as Basic authentication and never logged.
    /// </summary>
    public List<string> Urls { get; set; } = [];

    /// <summary>Basic authentication user. Default none.</summary>
    public string? Username { get; set; }

    /// <summary>Basic authentication password. Default none.</summary>
    public string? Password { get; set; }

    /// <summary>An API key: the encoded form Elasticsearch returns, or <c>id:key</c>. Default none.</summary>
    public string? ApiKey { get; set; }

    /// <summary>A PEM or DER file with the CA certificate that signed the cluster's certificates. Default none (the system trust store).</summary>
    public string? CertificateAuthorityPath { get; set; }

    /// <summary>How long one request may take before its outcome counts as unknown. Default 10 seconds; 1 ms to 5 minutes.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after a 429 or 503 (the request was refused before it ran). Default 3; 0 to 10.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first retry delay; it doubles each time, with jitter, up to <see cref="MaxRetryDelay"/>. Default 100 ms.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest retry delay. Default 2 seconds.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long an unreachable node is skipped before it is tried again. Default 30 seconds.</summary>
    public TimeSpan DeadNodeCooldown { get; set; } = TimeSpan.FromSeconds(30);
}
